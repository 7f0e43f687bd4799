import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Page size of a new database: 16 KB instead of SQLite's 4 KB. A 1,000,000-row import wrote its rows
 * ~8% faster in-process (median 11.15 s against 12.16 s, interleaved runs; bulk inserts alone 20-30%),
 * with fewer, larger pages per B-tree and per WAL frame.
 */
export const PAGE_SIZE = 16_384;

/**
 * Creates a database file that does not exist yet (or is empty) with PAGE_SIZE and in WAL mode, before
 * anything else opens it: the first write fixes the page size for good. An existing database keeps
 * its own (changing it means rewriting the whole file with VACUUM).
 */
export function createDatabaseFile(file: string): void {
  if (fs.existsSync(file) && fs.statSync(file).size > 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma(`page_size = ${PAGE_SIZE}`);
    // Writes the header, page size included.
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

/**
 * Rewrites an existing database with PAGE_SIZE (VACUUM into the same file), for databases created
 * before Rebound chose its page size. Needs the database to itself (stop the server first) and free
 * disk space about the size of the file. Returns the page sizes before and after.
 */
export function convertPageSize(file: string): { before: number; after: number } {
  if (!fs.existsSync(file)) throw new Error(`There is no database at ${file}.`);
  const db = new Database(file, { timeout: 1000 });
  try {
    const before = db.pragma("page_size", { simple: true }) as number;
    if (before !== PAGE_SIZE) {
      // SQLite cannot change the page size of a database in WAL mode: out of it, VACUUM, back in.
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.pragma("journal_mode = DELETE");
      db.pragma(`page_size = ${PAGE_SIZE}`);
      try {
        db.exec("VACUUM");
      } finally {
        try {
          db.pragma("journal_mode = WAL");
        } catch {
          // Not to hide VACUUM's own error; openSqlite turns WAL back on at the next open anyway.
        }
      }
    }
    return { before, after: db.pragma("page_size", { simple: true }) as number };
  } finally {
    db.close();
  }
}
