"use client";

import { Legend } from "@/components/charts/chart-card";
import { GROUP_COLOURS } from "@/components/charts/palette";
import { CATEGORIES, type CategoryCode, type CategoryGroup } from "@/lib/categories";

/** A chart's own category filter, offering the categories of the page's group filter (or all). */
export function CategorySelect({
  id,
  value,
  group,
  onChange,
}: {
  id: string;
  value: CategoryCode | undefined;
  group: CategoryGroup | undefined;
  onChange: (code: CategoryCode | undefined) => void;
}) {
  const options = CATEGORIES.filter((c) => !group || c.group === group);
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        Category
      </label>
      <select id={id} className="small" value={value ?? ""} onChange={(e) => onChange((e.target.value || undefined) as CategoryCode | undefined)}>
        <option value="">All categories</option>
        {options.map((c) => (
          <option key={c.code} value={c.code}>
            {c.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** The colour key of the category groups a stacked chart shows. */
export function GroupLegend({ groups }: { groups: { id: CategoryGroup; label: string }[] }) {
  return <Legend items={groups.map((g) => ({ key: g.id, label: g.label, colour: GROUP_COLOURS[g.id] }))} />;
}
