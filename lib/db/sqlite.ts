import Database from "better-sqlite3";
import { databaseFile } from "../env";
import { createDatabaseFile } from "./database-file";

/**
 * Raw better-sqlite3 connection to the same file Prisma uses, for the bulk import path and
 * aggregate reads where Prisma's per-row overhead matters (Prisma's createMany through the adapter: ~28k rows/s).
 * Dates are stored as unix milliseconds, matching Prisma's `timestampFormat: "unixepoch-ms"`.
 */
export function openSqlite(file: string = databaseFile()): Database.Database {
  createDatabaseFile(file);
  const db = new Database(file, { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  return db;
}

const globalForSqlite = globalThis as unknown as { reboundSqlite?: Map<string, Database.Database> };

/** One shared connection per database file per process (survives Next's dev reloads). */
export function sqlite(file: string = databaseFile()): Database.Database {
  const cache = (globalForSqlite.reboundSqlite ??= new Map());
  let db = cache.get(file);
  if (!db || !db.open) {
    db = openSqlite(file);
    cache.set(file, db);
  }
  return db;
}
