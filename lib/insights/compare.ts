/** Change of a figure against the previous period of the same length. */
export interface Change {
  current: number;
  previous: number | null;
  delta: number | null;
  /** Relative change (0.25 = +25 %); null when there is nothing to compare with or the previous value is 0. */
  ratio: number | null;
  direction: "up" | "down" | "flat" | null;
}

export function compare(current: number, previous: number | null | undefined): Change {
  if (previous === null || previous === undefined) return { current, previous: null, delta: null, ratio: null, direction: null };
  const delta = current - previous;
  return {
    current,
    previous,
    delta,
    ratio: previous === 0 ? null : delta / previous,
    direction: delta > 0 ? "up" : delta < 0 ? "down" : "flat",
  };
}

/** "+25 %", "−3 %", "new" (from zero), "no change". Uses a real minus sign so screen readers say "minus". */
export function formatChange(c: Change): string {
  if (c.delta === null) return "";
  if (c.delta === 0) return "no change";
  if (c.ratio === null) return "new";
  const pct = Math.round(Math.abs(c.ratio) * 100);
  return `${c.delta > 0 ? "+" : "\u2212"}${pct === 0 ? "<1" : pct} %`;
}

/** Share of a part in a whole, 0 when the whole is empty. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
