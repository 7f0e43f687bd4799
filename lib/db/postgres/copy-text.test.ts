import { describe, expect, it } from "vitest";
import { cellEncoder, copyLine } from "./copy-text";

describe("COPY text cells from SQLite values", () => {
  it("turns unix milliseconds and SQLite's own datetime text into UTC instants", () => {
    const at = cellEncoder("timestamptz");
    expect(at(1_796_687_999_999n)).toBe("2026-12-07T23:59:59.999Z");
    expect(at(1_796_687_999_999)).toBe("2026-12-07T23:59:59.999Z");
    expect(at("2026-12-07 23:59:59")).toBe("2026-12-07T23:59:59.000Z");
    expect(at(-1n)).toBe("1969-12-31T23:59:59.999Z");
    expect(() => at("yesterday")).toThrow("yesterday is not an instant");
  });

  it("turns 0/1 into booleans and keeps 64-bit integers whole", () => {
    expect(cellEncoder("bool")(1n)).toBe("t");
    expect(cellEncoder("bool")(0n)).toBe("f");
    expect(() => cellEncoder("bool")(2n)).toThrow("2 is not a boolean (0 or 1)");
    expect(cellEncoder("int8")(-9_223_372_036_854_775_808n)).toBe("-9223372036854775808");
    expect(() => cellEncoder("int4")("12abc")).toThrow("12abc is not an integer");
    expect(cellEncoder("float8")(0.25)).toBe("0.25");
  });

  it("escapes what COPY's text format gives a meaning to, and refuses NUL", () => {
    const text = cellEncoder("text");
    expect(copyLine(["a\tb\\c\nd\re", null, 7n], [text, text, cellEncoder("int4")])).toBe("a\\tb\\\\c\\nd\\re\t\\N\t7\n");
    expect(() => text("a\0b")).toThrow(/NUL character/);
    expect(() => cellEncoder("jsonb")).toThrow(/does not know the PostgreSQL type jsonb/);
  });
});
