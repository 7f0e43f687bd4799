"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { HIDDEN_CHART } from "@/components/charts/hidden-chart";
import { ChartCard, Legend } from "@/components/charts/chart-card";
import { AXIS_TICK, GROUP_COLOURS } from "@/components/charts/palette";
import { GROUPS } from "@/lib/categories";
import { byDescending, chartTable } from "@/lib/insights/tables";
import type { Insights } from "@/lib/insights/types";
import { formatNumber } from "@/lib/format";
import { ChartTooltip } from "./chart-tooltip";
import { compactNumber } from "./format";
import { categoryHref, csvHref } from "./use-insights-url";

/** Bounced subscribers per category, largest first; a bar opens its category with the same filters. */
export function CategoryDistributionChart({ data }: { data: Insights }) {
  const router = useRouter();
  const rows = byDescending(data.categories.filter((c) => c.subscribers > 0));
  const groups = GROUPS.filter((g) => rows.some((r) => r.group === g.id));
  return (
    <ChartCard
      id="categories"
      title="Bounced subscribers per category"
      description="Counted by each subscriber's latest bounce. Click a bar to see who is in it."
      table={chartTable("categories", data)}
      links={byDescending(data.categories).map((c) => categoryHref(c.code, data.params))}
      csvHref={csvHref("categories", data.params)}
      empty={rows.length === 0}
      legend={<Legend items={groups.map((g) => ({ key: g.id, label: g.label, colour: GROUP_COLOURS[g.id] }))} />}
    >
      <div className="chart-box" style={{ height: Math.max(160, rows.length * 30 + 40) }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart {...HIDDEN_CHART} data={rows} layout="vertical" margin={{ top: 4, right: 48, left: 4, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e7ec" />
            <XAxis type="number" allowDecimals={false} tickFormatter={compactNumber} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="label" width={190} tick={AXIS_TICK} interval={0} tickLine={false} />
            <Tooltip cursor={{ fill: "rgba(36, 86, 214, 0.08)" }} content={<ChartTooltip names={{ subscribers: "Subscribers" }} />} />
            <Bar
              dataKey="subscribers"
              name="Subscribers"
              cursor="pointer"
              isAnimationActive={false}
              onClick={(d) => router.push(categoryHref((d as unknown as { code: string }).code, data.params))}
            >
              {rows.map((r) => (
                <Cell key={r.code} fill={GROUP_COLOURS[r.group]} />
              ))}
              <LabelList dataKey="subscribers" position="right" formatter={(v) => formatNumber(Number(v))} style={{ fontSize: 12, fill: "#344054" }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
