"use client";

import { formatNumber } from "@/lib/format";

interface Item {
  name?: string | number;
  value?: number | string | (number | string)[];
  color?: string;
  dataKey?: unknown;
}

/** A tooltip that names every series in words with its number, and the total, largest first. */
export function ChartTooltip({
  active,
  payload,
  label,
  title,
  names,
  unit = "",
  showTotal = true,
}: {
  active?: boolean;
  payload?: readonly Item[];
  label?: string | number;
  title?: (label: string) => string;
  names?: Record<string, string>;
  unit?: string;
  showTotal?: boolean;
}) {
  if (!active || !payload?.length) return null;
  const items = payload.filter((p) => Number(p.value) > 0);
  const total = items.reduce((a, p) => a + Number(p.value), 0);
  return (
    <div className="insights-tooltip">
      <div className="insights-tooltip-title">{title ? title(String(label)) : label}</div>
      <table>
        <tbody>
          {items.map((p) => (
            <tr key={String(p.dataKey)}>
              <td>
                <span className="swatch" style={{ background: p.color }} />
                {names?.[String(p.dataKey)] ?? p.name}
              </td>
              <td className="num">
                {formatNumber(Number(p.value))}
                {unit}
              </td>
            </tr>
          ))}
          {showTotal && items.length > 1 && (
            <tr className="total">
              <td>Total</td>
              <td className="num">
                {formatNumber(total)}
                {unit}
              </td>
            </tr>
          )}
          {items.length === 0 && (
            <tr>
              <td colSpan={2}>None</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
