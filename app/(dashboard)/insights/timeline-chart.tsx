"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { HIDDEN_CHART } from "@/components/charts/hidden-chart";
import { ChartCard } from "@/components/charts/chart-card";
import { AXIS_TICK, GROUP_COLOURS } from "@/components/charts/palette";
import { CATEGORIES, GROUPS } from "@/lib/categories";
import type { BucketChoice } from "@/lib/insights/filters";
import { chartTable } from "@/lib/insights/tables";
import type { Insights } from "@/lib/insights/types";
import { CategorySelect, GroupLegend } from "./chart-controls";
import { ChartTooltip } from "./chart-tooltip";
import { compactNumber, longDay, shortDay } from "./format";
import { csvHref, useInsightsUrl } from "./use-insights-url";

export function TimelineChart({ data }: { data: Insights }) {
  const { update } = useInsightsUrl(data.params);
  const groups = GROUPS.filter((g) => !data.params.group || g.id === data.params.group);
  const rows = data.timeline.points.map((p) => ({ start: p.start, total: p.total, ...p.values }));
  const week = data.timeline.bucket === "week";
  return (
    <ChartCard
      id="timeline"
      wide
      title={`Bounces per ${week ? "week" : "day"}`}
      description={
        data.params.category
          ? `Only “${CATEGORIES.find((c) => c.code === data.params.category)?.label}”. `
          : "Stacked by where the problem lies. Days without bounces show as gaps at zero."
      }
      table={chartTable("timeline", data)}
      csvHref={csvHref("timeline", data.params)}
      empty={rows.every((r) => r.total === 0)}
      emptyText="No bounces in this period. Try a longer period or “All time”."
      legend={<GroupLegend groups={groups} />}
      controls={
        <>
          <CategorySelect id="timeline-category" value={data.params.category} group={data.params.group} onChange={(category) => update({ category })} />
          <label className="visually-hidden" htmlFor="timeline-bucket">
            Bucket
          </label>
          <select id="timeline-bucket" className="small" value={data.params.bucket} onChange={(e) => update({ bucket: e.target.value as BucketChoice })}>
            <option value="auto">Auto</option>
            <option value="day">By day</option>
            <option value="week">By week</option>
          </select>
        </>
      }
    >
      <div className="chart-box insights-chart-tall">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart {...HIDDEN_CHART} data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 0 }} barCategoryGap={rows.length > 60 ? 1 : "15%"}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e7ec" />
            <XAxis dataKey="start" tickFormatter={shortDay} tick={AXIS_TICK} minTickGap={24} tickLine={false} />
            <YAxis allowDecimals={false} tickFormatter={compactNumber} tick={AXIS_TICK} width={44} axisLine={false} tickLine={false} />
            <Tooltip
              cursor={{ fill: "rgba(36, 86, 214, 0.08)" }}
              content={
                <ChartTooltip title={(s) => (week ? `Week of ${longDay(s)}` : longDay(s))} names={Object.fromEntries(GROUPS.map((g) => [g.id, g.label]))} />
              }
            />
            {groups.map((g) => (
              <Bar
                key={g.id}
                dataKey={g.id}
                name={g.label}
                stackId="groups"
                fill={GROUP_COLOURS[g.id]}
                stroke="#fff"
                strokeWidth={rows.length > 60 ? 0 : 0.5}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
