"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { HIDDEN_CHART } from "@/components/charts/hidden-chart";
import type { CategoryGroup } from "@/lib/categories";

const GROUP_COLOURS: Record<CategoryGroup, string> = {
  address: "#b42318",
  recipient: "#a15c00",
  sender: "#6d3fc0",
  other: "#5b6470",
};

export interface CategoryBarDatum {
  code: string;
  label: string;
  group: CategoryGroup;
  subscribers: number;
}

/** Subscribers per category, coloured by group; a bar opens its category. A table follows for screen readers. */
export function CategoryBarChart({ data }: { data: CategoryBarDatum[] }) {
  const router = useRouter();
  const sorted = [...data].sort((a, b) => b.subscribers - a.subscribers);
  if (sorted.every((d) => d.subscribers === 0)) {
    return <p className="muted">The chart appears after the first import.</p>;
  }
  return (
    <>
      <div className="chart-box" aria-hidden="true" data-testid="category-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart {...HIDDEN_CHART} data={sorted} layout="vertical" margin={{ left: 8, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="code" width={140} tick={{ fontSize: 12 }} interval={0} />
            <Tooltip formatter={(v) => [v, "subscribers"]} labelFormatter={(code) => sorted.find((d) => d.code === code)?.label ?? String(code)} />
            <Bar dataKey="subscribers" cursor="pointer" onClick={(d) => router.push(`/categories/${(d as unknown as CategoryBarDatum).code}`)}>
              {sorted.map((d) => (
                <Cell key={d.code} fill={GROUP_COLOURS[d.group]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      {/* The chart's figures for screen readers. In a hidden box, not hidden itself: a table ignores
          the 1px height, and its rows made the page ~400 px taller than its content. */}
      <div className="visually-hidden">
        <table>
          <caption>Subscribers per category</caption>
          <tbody>
            {sorted.map((d) => (
              <tr key={d.code}>
                <th scope="row">{d.label}</th>
                <td>{d.subscribers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
