import { describe, expect, it } from "vitest";
import { compare, formatChange, share } from "./compare";

describe("compare with the previous period", () => {
  it("gives the difference, the ratio and the direction", () => {
    expect(compare(150, 100)).toEqual({ current: 150, previous: 100, delta: 50, ratio: 0.5, direction: "up" });
    expect(compare(75, 100)).toMatchObject({ delta: -25, ratio: -0.25, direction: "down" });
    expect(compare(10, 10)).toMatchObject({ delta: 0, ratio: 0, direction: "flat" });
  });

  it("has no ratio from zero and nothing at all without a previous period", () => {
    expect(compare(5, 0)).toMatchObject({ delta: 5, ratio: null, direction: "up" });
    expect(compare(5, null)).toEqual({ current: 5, previous: null, delta: null, ratio: null, direction: null });
  });

  it("reads as a short label", () => {
    expect(formatChange(compare(150, 100))).toBe("+50 %");
    expect(formatChange(compare(75, 100))).toBe("\u221225 %");
    expect(formatChange(compare(1001, 1000))).toBe("+<1 %");
    expect(formatChange(compare(3, 0))).toBe("new");
    expect(formatChange(compare(3, 3))).toBe("no change");
    expect(formatChange(compare(3, null))).toBe("");
  });

  it("computes shares safely", () => {
    expect(share(1, 4)).toBe(0.25);
    expect(share(1, 0)).toBe(0);
  });
});
