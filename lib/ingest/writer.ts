import type Database from "better-sqlite3";
import type { PreparedBatch } from "./prepare";

export interface ImportCounts {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
}

export const emptyCounts = (): ImportCounts => ({ rows: 0, accepted: 0, duplicates: 0, rejected: 0, skipped: 0 });

/**
 * Writes prepared rows (lib/ingest/prepare.ts) of one import with prepared statements: one call of `writeBatch` is one
 * transaction, together with the import's running counts, so a crash never leaves counts and rows
 * out of step. Subscribers are inserted or updated only for bounces that are new (not duplicates).
 *
 * Per row (measured; SQLite's per-row index work dominates): the dedupe lookup also sees rows written
 * earlier in this import (same connection, same or committed transaction), so no in-memory set of
 * keys is kept; a subscriber is looked up by email, then inserted (its id is lastInsertRowid) or
 * updated by id. An `INSERT … ON CONFLICT … RETURNING id` did the same in one statement but cost
 * about twice as much. Parameters of the per-row statements are positional (binding named ones costs a property lookup each).
 */
export function createBatchWriter(db: Database.Database, importId: string) {
  const existsBounce = db.prepare("SELECT 1 FROM Bounce WHERE dedupeKey = ?").pluck();
  const findSubscriber = db.prepare("SELECT id FROM Subscriber WHERE email = ?").pluck();
  const insertSubscriber = db.prepare(`
    INSERT INTO Subscriber (email, domain, name, phone, company, category, ruleCategory, status, firstBouncedAt, lastBouncedAt, bounceCount, lastImportId, updatedAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, 1, ?, ?)`);
  // Every expression of an UPDATE sees the old row, so the CASEs compare against the previous latest
  // bounce. A newer bounce moves the subscriber to its category and reopens a recovered subscriber
  // (DESIGN.md), or an in-progress one whose checklist just changed.
  const updateSubscriber = db.prepare(`
    UPDATE Subscriber SET
      bounceCount = bounceCount + 1,
      firstBouncedAt = min(firstBouncedAt, @at),
      status = CASE
        WHEN @at < lastBouncedAt THEN status
        WHEN status = 'recovered' THEN 'open'
        WHEN status = 'in_progress' AND category <> @category THEN 'open'
        ELSE status END,
      statusManual = CASE WHEN @at >= lastBouncedAt AND status = 'recovered' THEN 0 ELSE statusManual END,
      category = CASE WHEN @at >= lastBouncedAt THEN @category ELSE category END,
      ruleCategory = CASE WHEN @at >= lastBouncedAt THEN @ruleCategory ELSE ruleCategory END,
      lastImportId = CASE WHEN @at >= lastBouncedAt THEN @importId ELSE lastImportId END,
      lastBouncedAt = max(lastBouncedAt, @at),
      name = coalesce(name, @name),
      phone = coalesce(phone, @phone),
      company = coalesce(company, @company),
      updatedAt = @now
    WHERE id = @id`);
  const insertBounce = db.prepare(`
    INSERT INTO Bounce (subscriberId, importId, line, occurredAt, category, categorySource, ruleId, ruleCategory, dsnStatus, replyCode, diagnostic, remoteMta, dedupeKey)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertRejected = db.prepare(
    "INSERT INTO RejectedRow (importId, line, column, reason, raw) VALUES (?, ?, ?, ?, ?)",
  );
  const saveCounts = db.prepare(`
    UPDATE Import SET rows = ?, accepted = ?, duplicates = ?, rejected = ?, skipped = ?, bytesProcessed = ? WHERE id = ?`);

  const counts = emptyCounts();

  const writeBatch = db.transaction((batch: PreparedBatch) => {
    const now = Date.now();
    counts.rows += batch.rows;
    counts.skipped += batch.skipped;
    counts.rejected += batch.rejects.length;
    for (const r of batch.rejects) insertRejected.run(importId, r.line, r.column, r.reason, r.raw);
    const bounces = batch.bounces;
    for (let i = 0; i < bounces.length; i++) {
      const [line, email, domain, name, phone, company, at, category, source, ruleId, ruleCategory, dsnStatus, replyCode, diagnostic, remoteMta, key] = bounces[i];
      if (existsBounce.get(key) !== undefined) {
        counts.duplicates++;
        continue;
      }
      let subscriberId = findSubscriber.get(email) as number | undefined;
      if (subscriberId === undefined) {
        subscriberId = Number(insertSubscriber.run(email, domain, name, phone, company, category, ruleCategory, at, at, importId, now).lastInsertRowid);
      } else {
        updateSubscriber.run({ at, category, ruleCategory, importId, name, phone, company, now, id: subscriberId });
      }
      insertBounce.run(subscriberId, importId, line, at, category, source, ruleId, ruleCategory, dsnStatus, replyCode, diagnostic, remoteMta, key);
      counts.accepted++;
    }
    saveCounts.run(counts.rows, counts.accepted, counts.duplicates, counts.rejected, counts.skipped, batch.bytesRead, importId);
  });

  return { counts, writeBatch };
}
