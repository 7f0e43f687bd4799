import type Database from "better-sqlite3";

/**
 * Secondary indexes that a large import drops and rebuilds once at the end (measured on 1,000,000
 * rows: keeping them costs ~55 µs per row, rebuilding them ~5–7 s). Only indexes that serve
 * reads: the unique ones (Subscriber.email, Bounce.dedupeKey) stay, since the import itself looks
 * rows up by them. While they are gone, pages get slower, never wrong.
 *
 * Their definitions are saved in Setting before they are dropped, in the same transaction, so a
 * crash mid-import cannot lose them: `restoreBulkIndexes` (run before every import and on failure)
 * recreates whatever is recorded there.
 */
export const BULK_INDEXES = [
  "Subscriber_category_lastBouncedAt_status_domain_lastImportId_idx",
  "Subscriber_category_domain_idx",
  "Subscriber_domain_idx",
  "Bounce_subscriberId_occurredAt_idx",
  "Bounce_importId_category_occurredAt_idx",
  "Bounce_category_occurredAt_idx",
] as const;

const SETTING_KEY = "ingest.droppedIndexes";

export function dropBulkIndexes(db: Database.Database): void {
  db.transaction(() => {
    const defs: string[] = [];
    const find = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck();
    for (const name of BULK_INDEXES) {
      const sql = find.get(name) as string | undefined;
      if (sql) defs.push(sql);
    }
    if (defs.length === 0) return;
    const saved = savedDefinitions(db);
    db.prepare("INSERT INTO Setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
      SETTING_KEY,
      JSON.stringify([...new Set([...saved, ...defs])]),
    );
    for (const name of BULK_INDEXES) db.exec(`DROP INDEX IF EXISTS "${name}"`);
  })();
}

/** Recreates indexes a bulk import dropped (no-op when none are missing). Returns how many were built. */
export function restoreBulkIndexes(db: Database.Database): number {
  const defs = savedDefinitions(db);
  if (defs.length === 0) return 0;
  let built = 0;
  for (const sql of defs) {
    // Each CREATE is its own statement so readers get the finished index as soon as it exists.
    db.exec(sql.replace(/^CREATE (UNIQUE )?INDEX /i, (m) => `${m}IF NOT EXISTS `));
    built++;
  }
  db.prepare("DELETE FROM Setting WHERE key = ?").run(SETTING_KEY);
  return built;
}

function savedDefinitions(db: Database.Database): string[] {
  const json = db.prepare("SELECT value FROM Setting WHERE key = ?").pluck().get(SETTING_KEY) as string | undefined;
  if (!json) return [];
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
