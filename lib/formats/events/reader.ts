/**
 * A reader of one platform's JSON: its API exports and its webhook payloads saved to a file. Each is
 * a pure function from a parsed JSON value to mapped rows, so the file import and a webhook route
 * read a platform's events the same way.
 */
import { buildBounceRow, reject, type BounceValues } from "../record";
import type { MappedRow } from "../types";

export type Json = Record<string, unknown>;

export interface EventReader {
  /** Format id, as the CSV layouts' ("postmark", "ses", …). */
  id: string;
  label: string;
  /** The field dates are read from, named on the import page when rows have none. */
  dateField: string;
  /** True when this value (the file's first) is this platform's: an API page, a webhook payload or one event. */
  recognise(value: unknown): boolean;
  /** The rows of one value. `line` is where it starts in the file; `raw` its text, for rejected rows. */
  read(value: unknown, line: number, raw: string): MappedRow[];
}

const RAW_CAP = 4000;

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A string or finite number as text; anything else null. */
export function str(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

/** The first of these fields that holds a string or number. */
export function first(o: Json, ...fields: string[]): string | null {
  for (const f of fields) {
    const v = str(o[f]);
    if (v !== null && v.trim() !== "") return v;
  }
  return null;
}

export function capRaw(raw: string): string {
  return raw.length > RAW_CAP ? raw.slice(0, RAW_CAP) + "…" : raw;
}

/** A bounce row from one event's values; `emailField` and `dateField` name the fields in rejections. */
export function eventRow(values: BounceValues, line: number, raw: string, emailField: string, dateField: string): MappedRow {
  return buildBounceRow(values, line, { emailColumn: emailField, dateColumn: dateField, dayFirst: true }, capRaw(raw));
}

export function skipRow(line: number, reason: string): MappedRow {
  return { kind: "skip", line, reason };
}

export function rejectRow(line: number, reason: string, raw: string, field: string | null = null): MappedRow {
  return reject(line, reason, field, capRaw(raw));
}

/** Every element of a list field (an API page's), or null when the field is not a list. */
export function list(o: unknown, field: string): unknown[] | null {
  return isObject(o) && Array.isArray(o[field]) ? (o[field] as unknown[]) : null;
}

/** A list's first object, for recognising a page by its elements. */
export function firstObject(items: unknown[] | null): Json | null {
  const item = items?.find(isObject);
  return item ?? null;
}

/**
 * The rows of a value that is a list, an API page holding its events under one of `pages`, or one
 * object, which `one` reads (unwrapping an envelope if it has one).
 */
export function readEach(value: unknown, line: number, raw: string, pages: readonly string[], one: (o: Json) => MappedRow[]): MappedRow[] {
  if (Array.isArray(value)) return value.flatMap((v) => readEach(v, line, raw, pages, one));
  if (!isObject(value)) return [rejectRow(line, "not a JSON object", raw)];
  for (const field of pages) {
    const items = list(value, field);
    if (items) return items.flatMap((v) => readEach(v, line, raw, pages, one));
  }
  return one(value);
}
