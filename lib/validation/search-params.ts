import { z } from "zod";

/** What Next hands a page (`await searchParams`), or a route handler's `request.nextUrl.searchParams`. */
export type RawSearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

export interface SearchParamProblem {
  key: string;
  message: string;
}

export interface ParsedSearchParams<T> {
  value: T;
  /** The parameters that were malformed and fell back to their defaults (a page may say so; a route refuses). */
  problems: SearchParamProblem[];
}

/**
 * The one way to read a query string: the schema's own keys only, the first value of a repeated key,
 * "" as absent, and a malformed value dropped to its default while the rest of the view stays.
 * Never throws on what a visitor typed (only on a schema whose defaults do not parse).
 */
export function parseSearchParams<S extends z.ZodObject>(schema: S, params: RawSearchParams): ParsedSearchParams<z.output<S>> {
  // Every key of the schema is present (undefined when absent), as the parsed value's keys are.
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) raw[key] = firstValue(params, key);
  const problems: SearchParamProblem[] = [];
  // Each round drops the fields the last one refused; an object-level refusal (no field named) drops everything.
  for (;;) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { value: parsed.data, problems };
    const bad = new Set(parsed.error.issues.map((i) => (typeof i.path[0] === "string" ? i.path[0] : "")));
    const given = Object.keys(raw).filter((k) => raw[k] !== undefined);
    const named = given.filter((k) => bad.has(k));
    if (named.length === 0) {
      if (given.length === 0) throw parsed.error;
      for (const key of given) {
        problems.push({ key, message: parsed.error.issues[0]?.message ?? "not valid" });
        raw[key] = undefined;
      }
      continue;
    }
    for (const key of named) {
      const issue = parsed.error.issues.find((i) => i.path[0] === key);
      problems.push({ key, message: issue?.message ?? "not valid" });
      raw[key] = undefined;
    }
  }
}

/** For route handlers, which refuse a malformed query instead of guessing: "Invalid page: …". */
export function describeProblem(problems: SearchParamProblem[]): string | null {
  const first = problems[0];
  return first ? `Invalid ${first.key}: ${first.message}` : null;
}

function firstValue(params: RawSearchParams, key: string): string | undefined {
  const v = params instanceof URLSearchParams ? params.get(key) : params[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === "" || s == null ? undefined : s;
}

/** A page number: 1 unless the query names a positive whole number. */
export const pageParam = z.coerce.number().int().min(1).default(1);

/** `bom=1`: a CSV download starts with a UTF-8 BOM so Excel reads accents right. */
export const csvDownloadSchema = z.object({ bom: z.enum(["1"]).optional() });
