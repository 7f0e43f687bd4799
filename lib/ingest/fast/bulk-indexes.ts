import type Database from "better-sqlite3";
import { yieldToWriters } from "../../db/busy";
import { rebuildTallies } from "../../db/tallies";

/**
 * Secondary indexes that a large import drops and rebuilds once at the end (measured on 1,000,000
 * rows: keeping them costs ~55 µs per row, rebuilding them ~5–7 s). The unique indexes on
 * Bounce.dedupeKey and Subscriber.email go too: random inserts into them dirtied pages all over them
 * in every batch; meanwhile the writer finds duplicates and known addresses in memory
 * (lib/ingest/pipeline/writer.ts). While they are gone, pages get slower, never wrong.
 *
 * Of the triggers that keep the tallies (prisma/migrations/*_tallies), the two that count inserted
 * rows are dropped for every import, big or small (`dropInsertTriggers`): with any trigger on its
 * table, SQLite journals each INSERT as a statement of its own, copying every page the row touches
 * (one per index, 16 KB each) in case it must be undone. Even a trigger that does nothing made
 * 100,000 subscriber inserts into a loaded database 1.6 s slower, the real ones 2.2 s (measured).
 * The writer counts its own rows into BounceTally, SubscriberTally and (outside bulk mode)
 * DomainTally in each batch's transaction instead (lib/ingest/pipeline/writer.ts), so those stay exact
 * throughout, and the update and delete triggers stay, so people's changes during the import are
 * counted as always. A big import also drops the trigger that moves subscribers between
 * DomainTally's rows and recounts DomainTally at the end (a streaming read of one index, ~0.15 s
 * per million subscribers): until then its domain counts are those from before the import.
 *
 * Their definitions are saved in Setting before they are dropped, in the same transaction, so a
 * crash mid-import cannot lose them: `restoreBulkIndexes` (run before every import and on failure)
 * recreates whatever is recorded there, and recounts the tallies when triggers were missing: all of
 * them after a crash or a failure (also the definitions an older version saved: it dropped every
 * tally trigger), after an import that ran to the end only DomainTally, and only if its trigger went.
 */
export const BULK_INDEXES = [
  "Subscriber_category_lastBouncedAt_status_domain_lastImportId_idx",
  "Subscriber_category_domain_status_lastBouncedAt_lastImportId_idx",
  "Subscriber_lastImportId_category_status_domain_idx",
  "Subscriber_domain_idx",
  "Subscriber_category_email_bounceCount_lastBouncedAt_status_ruleCategory_domain_idx",
  "Bounce_subscriberId_occurredAt_idx",
  "Bounce_dedupeKey_key",
  "Subscriber_email_key",
] as const;

/** Dropped for every import. */
export const INSERT_TRIGGERS = ["Bounce_tally_insert", "Subscriber_tally_insert"] as const;
/** Dropped for a big import, with BULK_INDEXES. */
const DOMAIN_TRIGGER = "Subscriber_domain_tally_update";
export const TALLY_TRIGGERS = [...INSERT_TRIGGERS, DOMAIN_TRIGGER] as const;

/**
 * Indexes an older version dropped for its import that a migration has since removed from the
 * schema (20261203065130_drop_bounce_import_index): a saved definition of one must not bring it back.
 */
const RETIRED_INDEXES: readonly string[] = ["Bounce_importId_idx"];

const SETTING_KEY = "ingest.droppedIndexes";

/**
 * How a big import's connection rebuilds the indexes it dropped (also what lib/ingest/bench/storage-floor.mts
 * times). Index builds sort in runs on disk (a million-row sort stays out of memory), two threads at a
 * time. Small runs sort faster too: on 1,000,000 subscribers and bounces the rebuild took 6.4–9 s
 * with a 4 MB cache and two threads, 10 s with 32 MB and one (measured).
 */
export function applyRebuildSettings(db: Database.Database): void {
  db.pragma("temp_store = FILE");
  db.pragma("cache_size = -4096");
  db.pragma("threads = 2");
}

/** For every import, before its first row: the writer counts what these would have (see above). */
export function dropInsertTriggers(db: Database.Database): void {
  drop(db, [], INSERT_TRIGGERS);
}

/** For a big import: its secondary and unique indexes and every tally trigger it counts for. */
export function dropBulkIndexes(db: Database.Database): void {
  drop(db, BULK_INDEXES, TALLY_TRIGGERS);
}

function drop(db: Database.Database, indexes: readonly string[], triggers: readonly string[]): void {
  db.transaction(() => {
    const defs: string[] = [];
    const find = db.prepare("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND name = ?").pluck();
    for (const name of [...indexes, ...triggers]) {
      const sql = find.get(name) as string | undefined;
      if (sql) defs.push(sql);
    }
    if (defs.length === 0) return;
    const saved = savedDefinitions(db);
    db.prepare("INSERT INTO Setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(
      SETTING_KEY,
      JSON.stringify([...new Set([...saved, ...defs])]),
    );
    for (const name of indexes) db.exec(`DROP INDEX IF EXISTS "${name}"`);
    for (const name of triggers) db.exec(`DROP TRIGGER IF EXISTS "${name}"`);
  }).immediate();
}

/**
 * Recreates what an import dropped (no-op when nothing is missing). Returns how many were built.
 * `finished`: the import that dropped them ran to the end, keeping BounceTally and SubscriberTally
 * (and DomainTally, unless it dropped its trigger).
 */
export function restoreBulkIndexes(db: Database.Database, finished = false): number {
  const defs = savedDefinitions(db);
  if (defs.length === 0) return 0;
  const isTrigger = (sql: string) => /^CREATE TRIGGER /i.test(sql);
  for (const sql of defs.filter((d) => !isTrigger(d) && !isRetired(d))) {
    // Each CREATE is its own statement so readers get the finished index as soon as it exists, and
    // people's writes get in between two of them.
    yieldToWriters();
    db.exec(sql.replace(/^CREATE (UNIQUE )?INDEX /i, (m) => `${m}IF NOT EXISTS `));
  }
  const triggers = defs.filter(isTrigger);
  db.transaction(() => {
    // With the recount in one transaction: no change made meanwhile is missed or counted twice.
    for (const sql of triggers) db.exec(sql.replace(/^CREATE TRIGGER /i, "CREATE TRIGGER IF NOT EXISTS "));
    const domainMoved = triggers.some((sql) => sql.includes(`"${DOMAIN_TRIGGER}"`));
    if (!finished && triggers.length) rebuildTallies(db);
    else if (finished && domainMoved) rebuildTallies(db, ["DomainTally"]);
    db.prepare("DELETE FROM Setting WHERE key = ?").run(SETTING_KEY);
  }).immediate();
  return defs.length;
}

function isRetired(sql: string): boolean {
  const name = /^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?"?([^"\s]+)"?/i.exec(sql)?.[1];
  return name !== undefined && RETIRED_INDEXES.includes(name);
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
