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
