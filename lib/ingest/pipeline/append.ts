import type Database from "better-sqlite3";
import { yieldToWriters } from "../../db/busy";
import { newImportId } from "../upload/store";
import { addSkipReasons } from "./writer";

/**
 * Appending to a rolling import (one per webhook source, UTC day and campaign: lib/webhooks/processor.ts).
 *
 * Each append is a pass: the file is imported as an import of its own, hidden from the lists
 * (`appendTo` names the rolling import's key), through the whole ordinary pipeline. Its rows carry the
 * pass's id until they are all in, so a failure or a crash takes back that pass alone, with the
 * ordinary rollback (lib/ingest/pipeline/rollback.ts), and the earlier passes are never touched.
 * Then one transaction moves the pass into the rolling import (created by its first pass): its
 * bounces, subscribers, rejected rows, bounce emails, complaints, campaign ticks and counts. The
 * tally triggers move the counter rows with them, so the tallies stay exact; the pass is left as
 * 'merged', for the record of which events it brought.
 */

/** The id the next bounce inserted will get (AUTOINCREMENT: ids only grow), where a pass's bounces start. */
export function nextBounceId(db: Database.Database): number {
  const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'Bounce'").pluck().get() as number | undefined;
  const max = db.prepare("SELECT max(id) FROM Bounce").pluck().get() as number | null;
  return Math.max(seq ?? 0, max ?? 0) + 1;
}

/**
 * Ends an import whose rows are all in: done, or for a pass, merged into its rolling import.
 * `firstBounceId`: the first id its bounces can have (nextBounceId when it started), so the pass's
 * bounces are found by their ids, without a scan of the table (Bounce has no index on importId).
 */
export function finishImport(db: Database.Database, importId: string, firstBounceId: number): void {
  const appendTo = db.prepare("SELECT appendTo FROM Import WHERE id = ?").pluck().get(importId) as string | null;
  if (appendTo === null) {
    db.prepare("UPDATE Import SET status = 'done', finishedAt = ? WHERE id = ?").run(Date.now(), importId);
    return;
  }
  yieldToWriters();
  db.transaction(() => mergePass(db, importId, appendTo, firstBounceId)).immediate();
}

interface PassRow {
  fileName: string;
  storedPath: string;
  format: string | null;
  dateColumn: string | null;
  size: number | null;
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  bytesProcessed: number;
  undated: number;
  complaints: number;
  skipReasons: string | null;
  createdBy: string | null;
  createdAt: number;
  startedAt: number | null;
  fedBy: string | null;
  lastFedAt: number | null;
}

function rollingImport(db: Database.Database, key: string, pass: PassRow, now: number): { id: string; rows: number; skipReasons: string | null } {
  const found = db.prepare("SELECT id, rows, skipReasons FROM Import WHERE rollingKey = ?").get(key) as
    | { id: string; rows: number; skipReasons: string | null }
    | undefined;
  if (found) return found;
  const id = newImportId();
  // Done from the start: it only ever receives whole passes. Its file is its first pass's.
  db.prepare(
    `INSERT INTO Import (id, fileName, storedPath, uploadedAt, status, createdBy, createdAt, startedAt, finishedAt, rollingKey, fedBy)
     VALUES (?, ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?)`,
  ).run(id, pass.fileName, pass.storedPath, now, pass.createdBy, pass.createdAt, pass.startedAt, now, key, pass.fedBy);
  return { id, rows: 0, skipReasons: null };
}

function mergePass(db: Database.Database, passId: string, key: string, firstBounceId: number): void {
  const now = Date.now();
  const pass = db.prepare("SELECT * FROM Import WHERE id = ?").get(passId) as PassRow;
  const into = rollingImport(db, key, pass, now);
  // Line numbers count on across the passes: (import, line) stays unique, and a bounce still finds its email by it.
  const offset = into.rows;
  db.prepare("UPDATE Bounce SET importId = ?, line = line + ? WHERE id >= ? AND importId = ?").run(into.id, offset, firstBounceId, passId);
  db.prepare("UPDATE Subscriber SET lastImportId = ? WHERE lastImportId = ?").run(into.id, passId);
  db.prepare("UPDATE RejectedRow SET importId = ?, line = line + ? WHERE importId = ?").run(into.id, offset, passId);
  db.prepare("UPDATE BounceEmail SET importId = ?, messageNo = messageNo + ? WHERE importId = ?").run(into.id, offset, passId);
  db.prepare("UPDATE Complaint SET importId = ? WHERE importId = ?").run(into.id, passId);
  // A campaign step ticked on the pass itself (it was never listed, but an API call could): the rolling import's own tick wins.
  db.prepare("UPDATE OR IGNORE TaskState SET target = ? WHERE scope = 'import' AND target = ?").run(into.id, passId);
  db.prepare("DELETE FROM TaskState WHERE scope = 'import' AND target = ?").run(passId);

  const reasons: Record<string, number> = into.skipReasons ? JSON.parse(into.skipReasons) : {};
  if (pass.skipReasons) addSkipReasons(reasons, JSON.parse(pass.skipReasons));
  db.prepare(
    `UPDATE Import SET rows = rows + @rows, accepted = accepted + @accepted, duplicates = duplicates + @duplicates, rejected = rejected + @rejected,
       skipped = skipped + @skipped, bytesProcessed = bytesProcessed + @bytesProcessed, undated = undated + @undated, complaints = complaints + @complaints,
       size = coalesce(size, 0) + @size, skipReasons = @skipReasons, format = coalesce(format, @format), dateColumn = coalesce(dateColumn, @dateColumn),
       fedBy = coalesce(@fedBy, fedBy), lastFedAt = max(coalesce(lastFedAt, 0), coalesce(@lastFedAt, 0)), passes = passes + 1, finishedAt = @now
     WHERE id = @id`,
  ).run({
    id: into.id,
    rows: pass.rows,
    accepted: pass.accepted,
    duplicates: pass.duplicates,
    rejected: pass.rejected,
    skipped: pass.skipped,
    bytesProcessed: pass.bytesProcessed,
    undated: pass.undated,
    complaints: pass.complaints,
    size: pass.size ?? 0,
    skipReasons: Object.keys(reasons).length ? JSON.stringify(reasons) : null,
    format: pass.format,
    dateColumn: pass.dateColumn,
    fedBy: pass.fedBy,
    lastFedAt: pass.lastFedAt,
    now,
  });
  db.prepare("UPDATE Import SET status = 'merged', finishedAt = ? WHERE id = ?").run(now, passId);
}
