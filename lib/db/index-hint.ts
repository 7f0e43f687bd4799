import type Database from "better-sqlite3";

/**
 * `INDEXED BY name` when that index exists, else nothing, for queries that must pin an index: while a
 * big import has dropped it (lib/ingest drops some indexes for its length), naming it would be an error, not a slow query.
 */
export function indexHint(db: Database.Database, name: string): string {
  const found = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(name);
  return found ? `INDEXED BY "${name}"` : "";
}
