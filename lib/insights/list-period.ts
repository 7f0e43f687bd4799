/**
 * The insights filters a subscriber list carries over when a chart is clicked (a category bar, a
 * domain): the period of the latest bounce and the imports. Pure and client-safe; the same URL
 * parameters as the insights page (range, from, to, imports).
 */
import { z } from "zod";
import { parseInsightsParams, RANGE_LABELS, RANGES, resolveFilters, type Period } from "./filters";

export const listPeriodShape = {
  range: z.enum(RANGES).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** Import ids, comma separated as in the URL. */
  imports: z
    .string()
    .regex(/^[\w-]{1,64}(,[\w-]{1,64}){0,49}$/)
    .optional(),
};

export interface ListPeriodParams {
  range?: (typeof RANGES)[number];
  from?: string;
  to?: string;
  imports?: string;
}

/** The window and imports these parameters stand for; nothing when none are given (all time, every import). */
export function resolveListPeriod(p: ListPeriodParams, now: number = Date.now()): { period: Period; imports: string[] } {
  const imports = p.imports ? p.imports.split(",").filter(Boolean) : [];
  if (!p.range || p.range === "all") return { period: { from: null, to: null }, imports };
  const f = resolveFilters(parseInsightsParams({ range: p.range, from: p.from, to: p.to }), now);
  return { period: f.current, imports };
}

/** "Last 30 days · 2 imports", or null when the list is not narrowed. */
export function describeListPeriod(p: ListPeriodParams): string | null {
  const parts: string[] = [];
  if (p.range && p.range !== "all") parts.push(p.range === "custom" && p.from && p.to ? `${p.from} to ${p.to}` : RANGE_LABELS[p.range]);
  const n = p.imports ? p.imports.split(",").filter(Boolean).length : 0;
  if (n) parts.push(n === 1 ? "1 import" : `${n} imports`);
  return parts.length ? parts.join(" · ") : null;
}

/** The parameters themselves, to carry into links, exports and bulk selections. */
export function listPeriodQuery(p: ListPeriodParams): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.range) out.range = p.range;
  if (p.range === "custom" && p.from && p.to) (out.from = p.from), (out.to = p.to);
  if (p.imports) out.imports = p.imports;
  return out;
}
