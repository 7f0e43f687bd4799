"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { HIDDEN_CHART } from "@/components/charts/hidden-chart";
import { ChartCard } from "@/components/charts/chart-card";
import { AXIS_TICK, GROUP_COLOURS } from "@/components/charts/palette";
import { CATEGORIES, GROUPS } from "@/lib/categories";
import { chartTable } from "@/lib/insights/tables";
import type { DomainRow, Insights } from "@/lib/insights/types";
import { CategorySelect, GroupLegend } from "./chart-controls";
import { ChartTooltip } from "./chart-tooltip";
import { compactNumber } from "./format";
import { categoryHref, csvHref, useInsightsUrl } from "./use-insights-url";

/** Where a domain leads: its subscribers in the chosen category, or in the category where it hurts most. */
export function domainHref(r: DomainRow, data: Insights): string {
  return categoryHref(data.domains.category ?? r.topCategory, data.params, { q: r.domain });
}

export function DomainsChart({ data }: { data: Insights }) {
  const router = useRouter();
  const { update } = useInsightsUrl(data.params);
  const rows = data.domains.rows.map((r) => ({ ...r, ...r.byGroup }));
  const groups = GROUPS.filter((g) => rows.some((r) => r.byGroup[g.id] > 0));
  const chosen = data.domains.category ? CATEGORIES.find((c) => c.code === data.domains.category) : null;
  return (
    <ChartCard
      id="domains"
      title="Top recipient domains"
      description={
        chosen
          ? `Subscribers in “${chosen.label}”. Click a bar to open them.`
          : "Subscribers per domain, by where the problem lies. Click a bar to open that domain's subscribers."
      }
      table={chartTable("domains", data)}
      links={data.domains.rows.map((r) => domainHref(r, data))}
      csvHref={csvHref("domains", data.params)}
      empty={rows.length === 0}
      legend={<GroupLegend groups={groups} />}
      controls={
        <CategorySelect
          id="domains-category"
          value={data.params.domainCategory}
          group={data.params.group}
          onChange={(domainCategory) => update({ domainCategory })}
        />
      }
    >
      <div className="chart-box" style={{ height: Math.max(160, rows.length * 30 + 40) }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart {...HIDDEN_CHART} data={rows} layout="vertical" margin={{ top: 4, right: 16, left: 4, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e7ec" />
            <XAxis type="number" allowDecimals={false} tickFormatter={compactNumber} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="domain" width={170} tick={AXIS_TICK} interval={0} tickLine={false} />
            <Tooltip cursor={{ fill: "rgba(36, 86, 214, 0.08)" }} content={<ChartTooltip names={Object.fromEntries(GROUPS.map((g) => [g.id, g.label]))} />} />
            {groups.map((g) => (
              <Bar
                key={g.id}
                dataKey={g.id}
                name={g.label}
                stackId="groups"
                fill={GROUP_COLOURS[g.id]}
                stroke="#fff"
                strokeWidth={1}
                cursor="pointer"
                isAnimationActive={false}
                onClick={(d) => router.push(domainHref(d as unknown as DomainRow, data))}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
