import type Database from "better-sqlite3";

/**
 * `INDEXED BY name` when that index exists, else nothing, for queries that must pin an index: while a
 * big import has dropped it (lib/ingest drops some indexes for its length), naming it would be an error, not a slow query.
 */
export function indexHint(db: Database.Database, name: string): string {
  const found = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(name);
  return found ? `INDEXED BY "${name}"` : "";
}

/**
 * `read(hint)` pinning index `name` (null: none) when it exists, and again without it when it went
 * between the check and the statement: a reader thread runs the statement a little later, and a big
 * import may drop the index meanwhile.
 */
export async function withIndexHint<T>(db: Database.Database, name: string | null, read: (hint: string) => Promise<T>): Promise<T> {
  const hint = name ? indexHint(db, name) : "";
  if (!hint) return read("");
  try {
    return await read(hint);
  } catch (error) {
    if (error instanceof Error && error.message.includes(`no such index: ${name}`)) return read("");
    throw error;
  }
}
