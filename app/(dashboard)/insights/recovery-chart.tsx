"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { HIDDEN_CHART } from "@/components/charts/hidden-chart";
import { ChartCard, Legend } from "@/components/charts/chart-card";
import { AXIS_TICK, STATUS_COLOURS } from "@/components/charts/palette";
import { STATUS_LABELS } from "@/lib/format";
import { byDescending, chartTable } from "@/lib/insights/tables";
import { STATUS_KEYS, type CategoryRow, type Insights } from "@/lib/insights/types";
import { ChartTooltip } from "./chart-tooltip";
import { categoryHref, csvHref } from "./use-insights-url";

/** How far the team got, per category, as shares so small and large categories compare at a glance. */
export function RecoveryChart({ data }: { data: Insights }) {
  const router = useRouter();
  const rows = byDescending(data.categories.filter((c) => c.subscribers > 0));
  return (
    <ChartCard
      id="recovery"
      title="Recovery progress per category"
      description="Where each category's subscribers stand. Hover for numbers; click a bar to work on it."
      table={chartTable("recovery", data)}
      links={rows.map((r) => categoryHref(r.code, data.params))}
      csvHref={csvHref("recovery", data.params)}
      empty={rows.length === 0}
      legend={<Legend items={STATUS_KEYS.map((s) => ({ key: s, label: STATUS_LABELS[s], colour: STATUS_COLOURS[s] }))} />}
    >
      <div className="chart-box" style={{ height: Math.max(160, rows.length * 30 + 40) }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart {...HIDDEN_CHART} data={rows} layout="vertical" stackOffset="expand" margin={{ top: 4, right: 16, left: 4, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e7ec" />
            <XAxis type="number" tickFormatter={(v: number) => `${Math.round(v * 100)} %`} tick={AXIS_TICK} ticks={[0, 0.25, 0.5, 0.75, 1]} />
            <YAxis type="category" dataKey="label" width={190} tick={AXIS_TICK} interval={0} tickLine={false} />
            <Tooltip cursor={{ fill: "rgba(36, 86, 214, 0.08)" }} content={<ChartTooltip names={STATUS_LABELS} />} />
            {STATUS_KEYS.map((s) => (
              <Bar
                key={s}
                dataKey={s}
                name={STATUS_LABELS[s]}
                stackId="status"
                fill={STATUS_COLOURS[s]}
                stroke="#fff"
                strokeWidth={1}
                cursor="pointer"
                isAnimationActive={false}
                onClick={(d) => router.push(categoryHref((d as unknown as CategoryRow).code, data.params))}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
