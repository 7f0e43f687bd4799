import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeProblem, pageParam, parseSearchParams } from "./search-params";

const schema = z.object({
  q: z.string().trim().max(20).optional(),
  status: z.enum(["open", "done"]).optional(),
  page: pageParam,
  size: z.coerce.number().int().min(1).max(100).default(50),
});

describe("parseSearchParams", () => {
  it("reads a page's record and a route's URLSearchParams the same way", () => {
    const fromRecord = parseSearchParams(schema, { q: "ana", status: "open", page: "3" });
    const fromUrl = parseSearchParams(schema, new URLSearchParams("q=ana&status=open&page=3"));
    expect(fromRecord).toEqual(fromUrl);
    expect(fromRecord).toEqual({ value: { q: "ana", status: "open", page: 3, size: 50 }, problems: [] });
  });

  it("gives the defaults for an empty query", () => {
    expect(parseSearchParams(schema, {}).value).toEqual({ q: undefined, status: undefined, page: 1, size: 50 });
  });

  it("treats an empty value as absent and takes the first of a repeated key", () => {
    expect(parseSearchParams(schema, { q: "", page: ["2", "9"] }).value).toMatchObject({ q: undefined, page: 2 });
    expect(parseSearchParams(schema, new URLSearchParams("page=4&page=7")).value.page).toBe(4);
  });

  it("drops only the malformed values to their defaults and names them", () => {
    const { value, problems } = parseSearchParams(schema, { q: "ok", status: "drop table", page: "-3", size: "20" });
    expect(value).toEqual({ q: "ok", status: undefined, page: 1, size: 20 });
    expect(problems.map((p) => p.key).sort()).toEqual(["page", "status"]);
    expect(describeProblem(problems)).toMatch(/^Invalid (page|status): /);
    expect(describeProblem([])).toBeNull();
  });

  it("ignores keys the schema does not know", () => {
    const { value, problems } = parseSearchParams(schema, { __proto__x: "1", constructor: "x", other: "y", page: "2" });
    expect(value).toEqual({ q: undefined, status: undefined, page: 2, size: 50 });
    expect(problems).toEqual([]);
  });

  it("never throws on a hostile query string", () => {
    const hostile = ["page=1e999", "page=NaN", "page=0x10", "size=%00", `q=${"x".repeat(10_000)}`, "status[]=open", "page=2&page=abc", "q=%E0%A4%A"];
    for (const query of hostile) {
      const { value } = parseSearchParams(schema, new URLSearchParams(query));
      expect(value.page).toBeGreaterThanOrEqual(1);
      expect(value.size).toBeGreaterThanOrEqual(1);
    }
  });

  it("drops every given value when the object as a whole is refused, and keeps the defaults", () => {
    const ordered = z.object({ from: z.string().optional(), to: z.string().optional() }).refine((v) => !v.from || !v.to || v.from <= v.to, "from after to");
    const { value, problems } = parseSearchParams(ordered, { from: "2026-10-31", to: "2026-10-01" });
    expect(value).toEqual({ from: undefined, to: undefined });
    expect(problems.map((p) => p.key).sort()).toEqual(["from", "to"]);
  });
});
