/**
 * The insights filters as they live in the URL, and the time windows they stand for. Pure and
 * client-safe: the page, the API and the filter bar all read and write the same parameters.
 */
import { z } from "zod";
import { CATEGORY_CODES, type CategoryCode, type CategoryGroup } from "../categories";
import { parseSearchParams, type RawSearchParams } from "../validation/search-params";

export const DAY_MS = 86_400_000;
export const RANGES = ["7", "30", "90", "all", "custom"] as const;
export type RangeId = (typeof RANGES)[number];
export const RANGE_LABELS: Record<RangeId, string> = { "7": "Last 7 days", "30": "Last 30 days", "90": "Last 90 days", all: "All time", custom: "Custom" };
export const BUCKETS = ["auto", "day", "week"] as const;
export type BucketChoice = (typeof BUCKETS)[number];
const GROUP_IDS = ["address", "recipient", "sender", "other"] as const;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "not a date");

export const insightsParamsSchema = z.object({
  range: z.enum(RANGES).default("90"),
  from: isoDay.optional(),
  to: isoDay.optional(),
  /** Import ids, comma separated in the URL. */
  imports: z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v),
    z
      .array(z.string().regex(/^[\w-]{1,64}$/))
      .max(50)
      .default([]),
  ),
  group: z.enum(GROUP_IDS).optional(),
  /** Narrows the bounces-over-time chart to one category. */
  category: z.enum(CATEGORY_CODES).optional(),
  bucket: z.enum(BUCKETS).default("auto"),
  /** Narrows the top-domains chart to one category. */
  domainCategory: z.enum(CATEGORY_CODES).optional(),
});
export type InsightsParams = z.infer<typeof insightsParamsSchema>;

/** Reads the filters from URL search params; a malformed value falls back to its default, the rest of the view stays. */
export function parseInsightsParams(params: RawSearchParams): InsightsParams {
  return normaliseCustom(parseSearchParams(insightsParamsSchema, params).value);
}

// A custom range needs both ends in order; otherwise it is not a range the user can have meant.
function normaliseCustom(p: InsightsParams): InsightsParams {
  if (p.range !== "custom") return { ...p, from: undefined, to: undefined };
  if (!p.from || !p.to) return { ...p, range: "all", from: undefined, to: undefined };
  if (p.from > p.to) return { ...p, from: p.to, to: p.from };
  return p;
}

/** The URL query for a set of filters, leaving out defaults so links stay short. */
export function insightsQuery(p: Partial<InsightsParams>, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (p.range && p.range !== "90") q.set("range", p.range);
  if (p.range === "custom" && p.from && p.to) q.set("from", p.from), q.set("to", p.to);
  if (p.imports?.length) q.set("imports", p.imports.join(","));
  if (p.group) q.set("group", p.group);
  if (p.category) q.set("category", p.category);
  if (p.bucket && p.bucket !== "auto") q.set("bucket", p.bucket);
  if (p.domainCategory) q.set("domainCategory", p.domainCategory);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** A half-open window [from, to) in unix milliseconds; null ends are open. */
export interface Period {
  from: number | null;
  to: number | null;
}

export interface ResolvedFilters {
  current: Period;
  /** The window of the same length just before, to compare with; null for "all time". */
  previous: Period | null;
  imports: string[];
  group?: CategoryGroup;
  category?: CategoryCode;
  bucket: BucketChoice;
  domainCategory?: CategoryCode;
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Turns URL filters into windows. "Last N days" ends with today (UTC) included. */
export function resolveFilters(p: InsightsParams, now: number = Date.now()): ResolvedFilters {
  let current: Period = { from: null, to: null };
  if (p.range === "custom" && p.from && p.to) {
    current = { from: Date.parse(`${p.from}T00:00:00Z`), to: Date.parse(`${p.to}T00:00:00Z`) + DAY_MS };
  } else if (p.range !== "all" && p.range !== "custom") {
    const to = startOfUtcDay(now) + DAY_MS;
    current = { from: to - Number(p.range) * DAY_MS, to };
  }
  const previous = current.from !== null && current.to !== null ? { from: current.from - (current.to - current.from), to: current.from } : null;
  return { current, previous, imports: p.imports, group: p.group, category: p.category, bucket: p.bucket, domainCategory: p.domainCategory };
}
