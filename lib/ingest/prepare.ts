import { classify } from "../classify";
import type { MappedRow } from "../formats/types";
import { dedupeKey } from "./dedupe";

const MAX_RAW_CHARS = 2000;

/**
 * One bounce ready to store, as a tuple: it crosses from the preparing worker thread to the writer
 * by structured clone, where flat arrays of strings and numbers copy far faster than objects.
 */
export type PreparedBounce = [
  line: number,
  email: string,
  domain: string,
  name: string | null,
  phone: string | null,
  company: string | null,
  occurredAt: number,
  category: string,
  categorySource: "export" | "rule",
  ruleId: string,
  ruleCategory: string,
  dsnStatus: string | null,
  replyCode: number | null,
  diagnostic: string | null,
  remoteMta: string | null,
  dedupeKey: string,
];

export interface PreparedBatch {
  /** Rows of the file in this batch, whatever their kind. */
  rows: number;
  skipped: number;
  bounces: PreparedBounce[];
  rejects: { line: number; column: string | null; reason: string; raw: string }[];
  /** Bytes of the file consumed so far, for progress. */
  bytesRead: number;
}

/**
 * Everything about a batch that needs no database: the dedupe key, Rebound's classification (the
 * export's own category wins when it has one) and the date (rows without one take the upload's).
 * Pure, so it runs as well in a worker thread as in the writer's.
 */
export function prepareBatch(rows: MappedRow[], bytesRead: number, uploadedAtMs: number): PreparedBatch {
  const out: PreparedBatch = { rows: rows.length, skipped: 0, bounces: [], rejects: [], bytesRead };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.kind === "skip") {
      out.skipped++;
      continue;
    }
    if (row.kind === "reject") {
      out.rejects.push({ line: row.line, column: row.column, reason: row.reason, raw: row.raw.slice(0, MAX_RAW_CHARS) });
      continue;
    }
    const r = row.record;
    const at = r.occurredAt ? r.occurredAt.getTime() : null;
    const verdict = classify({ status: r.dsnStatus, replyCode: r.replyCode, diagnostic: r.diagnostic });
    out.bounces.push([
      row.line,
      r.email,
      r.email.slice(r.email.lastIndexOf("@") + 1),
      r.name,
      r.phone,
      r.company,
      at ?? uploadedAtMs,
      r.category ?? verdict.category,
      r.category ? "export" : "rule",
      verdict.ruleId,
      verdict.category,
      r.dsnStatus,
      r.replyCode,
      r.note && !r.diagnostic ? r.note : r.diagnostic,
      r.remoteMta,
      dedupeKey(r.email, at, r.dsnStatus, r.replyCode, r.diagnostic),
    ]);
  }
  return out;
}
