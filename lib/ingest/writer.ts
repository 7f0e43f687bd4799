import type Database from "better-sqlite3";
import { classify } from "../classify";
import type { MappedRow } from "../formats/types";
import { dedupeKey } from "./dedupe";

export interface ImportCounts {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
}

export const emptyCounts = (): ImportCounts => ({ rows: 0, accepted: 0, duplicates: 0, rejected: 0, skipped: 0 });

const MAX_RAW_CHARS = 2000;

/**
 * Writes mapped rows of one import with prepared statements: one call of `writeBatch` is one
 * transaction, together with the import's running counts, so a crash never leaves counts and rows
 * out of step. Subscribers are upserted only for bounces that are new (not duplicates).
 */
export function createBatchWriter(db: Database.Database, importId: string, uploadedAtMs: number) {
  const existsBounce = db.prepare("SELECT 1 FROM Bounce WHERE dedupeKey = ?").pluck();
  // In an ON CONFLICT update every expression sees the old row, so the CASEs compare against the
  // previous latest bounce. A newer bounce moves the subscriber to its category and reopens a
  // recovered subscriber (DESIGN.md), or an in-progress one whose checklist just changed.
  const upsertSubscriber = db.prepare(`
    INSERT INTO Subscriber (email, domain, name, phone, company, category, ruleCategory, status, firstBouncedAt, lastBouncedAt, bounceCount, lastImportId, updatedAt)
    VALUES (@email, @domain, @name, @phone, @company, @category, @ruleCategory, 'open', @at, @at, 1, @importId, @now)
    ON CONFLICT(email) DO UPDATE SET
      bounceCount = bounceCount + 1,
      firstBouncedAt = min(firstBouncedAt, excluded.firstBouncedAt),
      status = CASE
        WHEN excluded.lastBouncedAt < lastBouncedAt THEN status
        WHEN status = 'recovered' THEN 'open'
        WHEN status = 'in_progress' AND category <> excluded.category THEN 'open'
        ELSE status END,
      statusManual = CASE WHEN excluded.lastBouncedAt >= lastBouncedAt AND status = 'recovered' THEN 0 ELSE statusManual END,
      category = CASE WHEN excluded.lastBouncedAt >= lastBouncedAt THEN excluded.category ELSE category END,
      ruleCategory = CASE WHEN excluded.lastBouncedAt >= lastBouncedAt THEN excluded.ruleCategory ELSE ruleCategory END,
      lastImportId = CASE WHEN excluded.lastBouncedAt >= lastBouncedAt THEN excluded.lastImportId ELSE lastImportId END,
      lastBouncedAt = max(lastBouncedAt, excluded.lastBouncedAt),
      name = coalesce(name, excluded.name),
      phone = coalesce(phone, excluded.phone),
      company = coalesce(company, excluded.company),
      updatedAt = excluded.updatedAt
    RETURNING id`).pluck();
  const insertBounce = db.prepare(`
    INSERT INTO Bounce (subscriberId, importId, line, occurredAt, category, categorySource, ruleId, ruleCategory, dsnStatus, replyCode, diagnostic, remoteMta, dedupeKey)
    VALUES (@subscriberId, @importId, @line, @at, @category, @categorySource, @ruleId, @ruleCategory, @dsnStatus, @replyCode, @diagnostic, @remoteMta, @dedupeKey)`);
  const insertRejected = db.prepare(
    "INSERT INTO RejectedRow (importId, line, column, reason, raw) VALUES (?, ?, ?, ?, ?)",
  );
  const saveCounts = db.prepare(`
    UPDATE Import SET rows = @rows, accepted = @accepted, duplicates = @duplicates, rejected = @rejected,
      skipped = @skipped, bytesProcessed = @bytesProcessed WHERE id = @id`);

  const counts = emptyCounts();
  const seenInFile = new Set<string>();

  const writeBatch = db.transaction((rows: MappedRow[], bytesProcessed: number) => {
    const now = Date.now();
    for (const row of rows) {
      counts.rows++;
      if (row.kind === "skip") {
        counts.skipped++;
        continue;
      }
      if (row.kind === "reject") {
        counts.rejected++;
        insertRejected.run(importId, row.line, row.column, row.reason, row.raw.slice(0, MAX_RAW_CHARS));
        continue;
      }
      const r = row.record;
      const at = r.occurredAt ? r.occurredAt.getTime() : null;
      const key = dedupeKey(r.email, at, r.dsnStatus, r.replyCode, r.diagnostic);
      if (seenInFile.has(key) || existsBounce.get(key)) {
        counts.duplicates++;
        continue;
      }
      seenInFile.add(key);
      const verdict = classify({ status: r.dsnStatus, replyCode: r.replyCode, diagnostic: r.diagnostic });
      const category = r.category ?? verdict.category;
      const occurredAt = at ?? uploadedAtMs;
      const subscriberId = upsertSubscriber.get({
        email: r.email,
        domain: r.email.slice(r.email.lastIndexOf("@") + 1),
        name: r.name,
        phone: r.phone,
        company: r.company,
        category,
        ruleCategory: verdict.category,
        at: occurredAt,
        importId,
        now,
      }) as number;
      insertBounce.run({
        subscriberId,
        importId,
        line: row.line,
        at: occurredAt,
        category,
        categorySource: r.category ? "export" : "rule",
        ruleId: verdict.ruleId,
        ruleCategory: verdict.category,
        dsnStatus: r.dsnStatus,
        replyCode: r.replyCode,
        diagnostic: r.note && !r.diagnostic ? r.note : r.diagnostic,
        remoteMta: r.remoteMta,
        dedupeKey: key,
      });
      counts.accepted++;
    }
    saveCounts.run({ ...counts, bytesProcessed, id: importId });
  });

  return { counts, writeBatch };
}
