/**
 * The generic endpoint's body, for scripts and platforms Rebound has no reader for: JSON lines
 * (one object a line) or CSV with a header, both with the fields email, status, diagnostic and
 * occurred_at. Every line is a bounce; its idempotency key is a hash of its values, so the same line
 * posted again (in either layout) is kept once. One bad line refuses the whole body, naming it.
 */
import crypto from "node:crypto";
import { parseCsv } from "../csv/parser";
import type { IncomingEvent } from "./events";

export const GENERIC_FIELDS = ["email", "status", "diagnostic", "occurred_at"] as const;
type GenericRow = Record<(typeof GENERIC_FIELDS)[number], string>;

export type GenericBody = { ok: true; events: IncomingEvent[] } | { ok: false; error: string };

const MAX_FIELD = 2000;

function rowOf(values: Partial<Record<string, unknown>>, line: number): GenericRow | string {
  const row = {} as GenericRow;
  for (const field of GENERIC_FIELDS) {
    const v = values[field];
    if (v !== undefined && v !== null && typeof v !== "string" && typeof v !== "number") return `line ${line}: ${field} must be text`;
    row[field] = v === undefined || v === null ? "" : String(v).trim().slice(0, MAX_FIELD);
  }
  if (!/^[^@\s]+@[^@\s]+$/.test(row.email)) return `line ${line}: email ${row.email ? `"${row.email.slice(0, 80)}" is not an address` : "is missing"}`;
  return row;
}

function event(row: GenericRow): IncomingEvent {
  const key = crypto
    .createHash("sha256")
    .update(JSON.stringify(GENERIC_FIELDS.map((f) => row[f])))
    .digest("hex")
    .slice(0, 32);
  return { kind: "bounce", key: `line:${key}`, payload: row };
}

function jsonLines(text: string): GenericBody {
  const events: IncomingEvent[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(lines[i]);
    } catch {
      return { ok: false, error: `line ${i + 1}: not JSON` };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, error: `line ${i + 1}: not a JSON object` };
    const row = rowOf(value as Record<string, unknown>, i + 1);
    if (typeof row === "string") return { ok: false, error: row };
    events.push(event(row));
  }
  return { ok: true, events };
}

function csv(text: string): GenericBody {
  const { records, bad } = parseCsv(text);
  if (bad.length) return { ok: false, error: `line ${bad[0].line}, column ${bad[0].column}: ${bad[0].reason}` };
  const [header, ...rows] = records;
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = names.find((n) => !(GENERIC_FIELDS as readonly string[]).includes(n));
  if (unknown !== undefined)
    return { ok: false, error: `line ${header.line}: unknown column "${unknown.slice(0, 80)}" (expected ${GENERIC_FIELDS.join(",")})` };
  if (!names.includes("email")) return { ok: false, error: `line ${header.line}: no email column` };
  const events: IncomingEvent[] = [];
  for (const r of rows) {
    if (r.fields.every((f) => f.trim() === "")) continue;
    if (r.fields.length > names.length) return { ok: false, error: `line ${r.line}: ${r.fields.length} fields, the header has ${names.length}` };
    const row = rowOf(Object.fromEntries(names.map((n, i) => [n, r.fields[i]])), r.line);
    if (typeof row === "string") return { ok: false, error: row };
    events.push(event(row));
  }
  return { ok: true, events };
}

/** JSON lines when the first non-blank character opens an object, CSV otherwise. */
export function readGenericBody(text: string): GenericBody {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") return { ok: false, error: "the body is empty" };
  return body.trimStart().startsWith("{") ? jsonLines(body) : csv(body);
}

/** The waiting rows as one CSV, which the import pipeline's generic CSV reader recognises. */
export function genericBatchFile(payloads: readonly string[]): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = payloads.map((p) => {
    const row = JSON.parse(p) as GenericRow;
    return [row.email, row.occurred_at, row.status, row.diagnostic].map(quote).join(",");
  });
  return `email,date,status,diagnostic\n${lines.join("\n")}\n`;
}
