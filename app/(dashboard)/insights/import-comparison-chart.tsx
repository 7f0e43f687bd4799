"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { HIDDEN_CHART } from "@/components/charts/hidden-chart";
import { ChartCard, Legend } from "@/components/charts/chart-card";
import { AXIS_TICK, SERIES_COLOURS } from "@/components/charts/palette";
import { chartTable } from "@/lib/insights/tables";
import type { Insights } from "@/lib/insights/types";
import { formatNumber } from "@/lib/format";
import { ChartTooltip } from "./chart-tooltip";
import { compactNumber } from "./format";
import { csvHref } from "./use-insights-url";

/** Each campaign export side by side per category (bars grouped per category), to see which campaign caused which bounces. */
export function ImportComparisonChart({ data }: { data: Insights }) {
  const cols = data.imports.columns;
  const rows = data.imports.rows.map((r) => ({ label: r.label, ...r.counts }));
  const names = Object.fromEntries(cols.map((c) => [c.id, c.label]));
  return (
    <ChartCard
      id="imports"
      title="Imports compared by category"
      description={
        data.params.imports.length
          ? "The chosen imports, bounces per category."
          : "The latest imports with bounces in this period (choose others with the Imports filter)."
      }
      table={chartTable("imports", data)}
      csvHref={csvHref("imports", data.params)}
      empty={cols.length === 0 || rows.length === 0}
      legend={
        <Legend
          items={cols.map((c, i) => ({ key: c.id, label: `${c.label} · ${formatNumber(c.bounces)}`, colour: SERIES_COLOURS[i % SERIES_COLOURS.length] }))}
        />
      }
    >
      <div className="chart-box" style={{ height: Math.max(160, rows.length * Math.max(24, cols.length * 9 + 8) + 40) }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart {...HIDDEN_CHART} data={rows} layout="vertical" margin={{ top: 4, right: 16, left: 4, bottom: 0 }} barGap={1} barCategoryGap="18%">
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e7ec" />
            <XAxis type="number" allowDecimals={false} tickFormatter={compactNumber} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="label" width={190} tick={AXIS_TICK} interval={0} tickLine={false} />
            <Tooltip cursor={{ fill: "rgba(36, 86, 214, 0.08)" }} content={<ChartTooltip names={names} showTotal={false} />} />
            {cols.map((c, i) => (
              <Bar key={c.id} dataKey={c.id} name={c.label} fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
