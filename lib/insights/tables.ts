/**
 * Every chart as a plain table: the "view as table" alternative and the CSV download are built from
 * the same rows, so what a marketer reads, downloads and sees in the chart cannot disagree.
 */
import { GROUPS } from "../categories";
import { STATUS_LABELS } from "../format";
import { formatChange } from "./compare";
import type { Insights } from "./types";

export const CHARTS = ["kpis", "timeline", "categories", "domains", "recovery", "imports"] as const;
export type ChartId = (typeof CHARTS)[number];

export interface ChartTable {
  columns: string[];
  /** Numeric columns are numbers; the first column is the row's label. */
  rows: (string | number)[][];
}

/** Largest first, as the bars are drawn; ties keep catalogue order. */
export function byDescending<T extends { subscribers: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.subscribers - a.subscribers);
}

const GROUP_LABEL = Object.fromEntries(GROUPS.map((g) => [g.id, g.label]));

export function chartTable(chart: ChartId, d: Insights): ChartTable {
  switch (chart) {
    case "kpis": {
      const k = d.kpis;
      const figures = [
        ["Bounced subscribers", k.subscribers],
        ["Bounces", k.bounces],
        ["Worth working (not hard bounces)", k.recoverable],
        ["Recovered", k.recovered],
        ["Open tasks", k.openTasks],
      ] as const;
      return {
        columns: ["figure", "this period", "previous period", "change"],
        rows: figures.map(([label, c]) => [label, c.current, c.previous ?? "", formatChange(c)]),
      };
    }
    case "timeline":
      return {
        columns: [d.timeline.bucket === "week" ? "week starting" : "day", ...GROUPS.map((g) => g.label), "total"],
        rows: d.timeline.points.map((p) => [p.start, ...GROUPS.map((g) => p.values[g.id]), p.total]),
      };
    case "categories":
      return {
        columns: ["category", "code", "group", "subscribers"],
        rows: byDescending(d.categories).map((c) => [c.label, c.code, GROUP_LABEL[c.group], c.subscribers]),
      };
    case "domains":
      return {
        columns: ["domain", ...GROUPS.map((g) => g.label), "subscribers"],
        rows: d.domains.rows.map((r) => [r.domain, ...GROUPS.map((g) => r.byGroup[g.id]), r.subscribers]),
      };
    case "recovery":
      return {
        columns: ["category", STATUS_LABELS.open, STATUS_LABELS.in_progress, STATUS_LABELS.recovered, STATUS_LABELS.unrecoverable, "subscribers"],
        rows: byDescending(d.categories.filter((c) => c.subscribers > 0)).map((c) => [
          c.label,
          c.open,
          c.in_progress,
          c.recovered,
          c.unrecoverable,
          c.subscribers,
        ]),
      };
    case "imports":
      return {
        columns: ["category", ...d.imports.columns.map((c) => c.label)],
        rows: [
          ...d.imports.rows.map((r) => [r.label, ...d.imports.columns.map((c) => r.counts[c.id] ?? 0)]),
          ["All categories", ...d.imports.columns.map((c) => c.bounces)],
        ],
      };
  }
}
