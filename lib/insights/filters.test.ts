import { describe, expect, it } from "vitest";
import { DAY_MS, insightsQuery, parseInsightsParams, resolveFilters } from "./filters";

const NOW = Date.parse("2026-11-27T15:30:00Z");

describe("insights filters in the URL", () => {
  it("defaults to the last 90 days, all imports, all groups", () => {
    expect(parseInsightsParams({})).toMatchObject({ range: "90", imports: [], bucket: "auto", group: undefined });
  });

  it("reads every filter and drops only what is malformed", () => {
    const p = parseInsightsParams(new URLSearchParams("range=custom&from=2026-10-01&to=2026-10-31&imports=a,b&group=sender&category=nope&bucket=week"));
    expect(p).toMatchObject({ range: "custom", from: "2026-10-01", to: "2026-10-31", imports: ["a", "b"], group: "sender", bucket: "week" });
    expect(p.category).toBeUndefined();
    expect(parseInsightsParams({ range: "12" }).range).toBe("90");
  });

  it("repairs custom ranges: swapped ends are put in order, a missing end means all time", () => {
    expect(parseInsightsParams({ range: "custom", from: "2026-10-31", to: "2026-10-01" })).toMatchObject({ from: "2026-10-01", to: "2026-10-31" });
    expect(parseInsightsParams({ range: "custom", from: "2026-10-01" })).toMatchObject({ range: "all", from: undefined });
    expect(parseInsightsParams({ range: "7", from: "2026-10-01", to: "2026-10-02" })).toMatchObject({ range: "7", from: undefined, to: undefined });
  });

  it("writes short queries that read back the same", () => {
    expect(insightsQuery({ range: "90", imports: [], bucket: "auto" })).toBe("");
    const q = insightsQuery({ range: "custom", from: "2026-10-01", to: "2026-10-31", imports: ["a", "b"], group: "address" });
    expect(q).toBe("?range=custom&from=2026-10-01&to=2026-10-31&imports=a%2Cb&group=address");
    expect(parseInsightsParams(new URLSearchParams(q.slice(1)))).toMatchObject({
      range: "custom",
      from: "2026-10-01",
      to: "2026-10-31",
      imports: ["a", "b"],
      group: "address",
    });
  });
});

describe("periods", () => {
  it("ends 'last N days' with today included and compares with the N days before", () => {
    const f = resolveFilters(parseInsightsParams({ range: "7" }), NOW);
    expect(new Date(f.current.from!).toISOString()).toBe("2026-11-21T00:00:00.000Z");
    expect(new Date(f.current.to!).toISOString()).toBe("2026-11-28T00:00:00.000Z");
    expect(f.previous).toEqual({ from: f.current.from! - 7 * DAY_MS, to: f.current.from });
  });

  it("includes both ends of a custom range and compares with as many days before", () => {
    const f = resolveFilters(parseInsightsParams({ range: "custom", from: "2026-10-01", to: "2026-10-10" }), NOW);
    expect(f.current).toEqual({ from: Date.parse("2026-10-01T00:00:00Z"), to: Date.parse("2026-10-11T00:00:00Z") });
    expect(f.previous).toEqual({ from: Date.parse("2026-09-21T00:00:00Z"), to: Date.parse("2026-10-01T00:00:00Z") });
  });

  it("has no previous period for all time", () => {
    const f = resolveFilters(parseInsightsParams({ range: "all" }), NOW);
    expect(f.current).toEqual({ from: null, to: null });
    expect(f.previous).toBeNull();
  });
});
