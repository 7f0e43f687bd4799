/** Short UTC labels for chart axes (the app shows dates in UTC). */
const short = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const long = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

export function shortDay(isoDay: string): string {
  return short.format(new Date(`${isoDay}T00:00:00Z`));
}

export function longDay(isoDay: string): string {
  return long.format(new Date(`${isoDay}T00:00:00Z`));
}

/** Axis numbers: 1200 → 1.2k, so ticks stay narrow. */
export function compactNumber(n: number): string {
  return Math.abs(n) >= 1000 ? `${Number((n / 1000).toFixed(n >= 10_000 ? 0 : 1))}k` : String(n);
}
