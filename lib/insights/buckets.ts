/**
 * Time buckets for the bounces-over-time chart. SQL counts per UTC day (cheap, one integer
 * division); weeks are rolled up here so one query serves both granularities.
 */
import { DAY_MS } from "./filters";

export type Bucket = "day" | "week";

/** Unix day number (days since 1970-01-01 UTC) of a timestamp. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** First day (a Monday, ISO weeks) of the week holding `day`. 1970-01-01 was a Thursday, hence the 3. */
export function weekStartDay(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

export function bucketStartDay(day: number, bucket: Bucket): number {
  return bucket === "week" ? weekStartDay(day) : day;
}

/** Days are readable up to about two months; past that, weeks keep the bars wide enough to read. */
export function chooseBucket(choice: "auto" | Bucket, firstDay: number, lastDay: number): Bucket {
  if (choice !== "auto") return choice;
  return lastDay - firstDay + 1 > 62 ? "week" : "day";
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export interface DayCount<K extends string> {
  day: number;
  key: K;
  n: number;
}

export interface SeriesPoint<K extends string> {
  /** First day of the bucket, YYYY-MM-DD (UTC). */
  start: string;
  total: number;
  values: Record<K, number>;
}

/**
 * Rolls per-day counts into buckets from `firstDay` to `lastDay` inclusive, with every bucket
 * present (zeros where nothing bounced) so gaps read as "nothing happened" instead of vanishing.
 */
export function fillSeries<K extends string>(rows: DayCount<K>[], keys: readonly K[], bucket: Bucket, firstDay: number, lastDay: number): SeriesPoint<K>[] {
  if (lastDay < firstDay) return [];
  const step = bucket === "week" ? 7 : 1;
  const first = bucketStartDay(firstDay, bucket);
  const points: SeriesPoint<K>[] = [];
  const index = new Map<number, SeriesPoint<K>>();
  for (let d = first; d <= lastDay; d += step) {
    const p: SeriesPoint<K> = { start: isoDate(d), total: 0, values: Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number> };
    points.push(p);
    index.set(d, p);
  }
  for (const r of rows) {
    const p = index.get(bucketStartDay(r.day, bucket));
    if (!p || !(r.key in p.values)) continue;
    p.values[r.key] += r.n;
    p.total += r.n;
  }
  return points;
}
