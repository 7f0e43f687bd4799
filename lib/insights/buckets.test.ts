import { describe, expect, it } from "vitest";
import { chooseBucket, dayNumber, fillSeries, isoDate, weekStartDay } from "./buckets";

const day = (iso: string) => dayNumber(Date.parse(`${iso}T00:00:00Z`));

describe("weeks", () => {
  it("start on Monday (UTC)", () => {
    expect(isoDate(weekStartDay(day("2026-10-01")))).toBe("2026-09-28"); // a Thursday
    expect(isoDate(weekStartDay(day("2026-09-28")))).toBe("2026-09-28"); // a Monday
    expect(isoDate(weekStartDay(day("2026-10-04")))).toBe("2026-09-28"); // a Sunday
    expect(isoDate(weekStartDay(day("1969-12-31")))).toBe("1969-12-29"); // before the epoch too
  });

  it("are chosen past two months unless the user says otherwise", () => {
    expect(chooseBucket("auto", 0, 61)).toBe("day");
    expect(chooseBucket("auto", 0, 62)).toBe("week");
    expect(chooseBucket("day", 0, 400)).toBe("day");
    expect(chooseBucket("week", 0, 3)).toBe("week");
  });
});

describe("fillSeries", () => {
  it("fills the days without bounces with zeros", () => {
    const rows = [
      { day: day("2026-10-01"), key: "a" as const, n: 2 },
      { day: day("2026-10-03"), key: "b" as const, n: 5 },
      { day: day("2026-10-03"), key: "a" as const, n: 1 },
    ];
    const s = fillSeries(rows, ["a", "b"], "day", day("2026-10-01"), day("2026-10-04"));
    expect(s.map((p) => [p.start, p.values.a, p.values.b, p.total])).toEqual([
      ["2026-10-01", 2, 0, 2],
      ["2026-10-02", 0, 0, 0],
      ["2026-10-03", 1, 5, 6],
      ["2026-10-04", 0, 0, 0],
    ]);
  });

  it("rolls days up into whole weeks, the first one starting before the range", () => {
    const rows = [
      { day: day("2026-10-01"), key: "a" as const, n: 1 },
      { day: day("2026-10-04"), key: "a" as const, n: 2 },
      { day: day("2026-10-05"), key: "a" as const, n: 4 },
      { day: day("2026-10-20"), key: "a" as const, n: 8 },
    ];
    const s = fillSeries(rows, ["a"], "week", day("2026-10-01"), day("2026-10-20"));
    expect(s.map((p) => [p.start, p.total])).toEqual([
      ["2026-09-28", 3],
      ["2026-10-05", 4],
      ["2026-10-12", 0],
      ["2026-10-19", 8],
    ]);
  });

  it("ignores rows outside the range or with unknown keys, and an empty range gives nothing", () => {
    const s = fillSeries(
      [
        { day: day("2026-11-01"), key: "x" as "a", n: 3 },
        { day: day("2026-10-01"), key: "zzz" as "a", n: 3 },
      ],
      ["a"],
      "day",
      day("2026-10-01"),
      day("2026-10-01"),
    );
    expect(s).toEqual([{ start: "2026-10-01", total: 0, values: { a: 0 } }]);
    expect(fillSeries([], ["a"], "day", 10, 9)).toEqual([]);
  });
});
