import Database from "better-sqlite3";
import { databaseFile } from "../env";
import { whenUnlocked } from "./busy";
import { createDatabaseFile } from "./database-file";
import { type Topic, touching } from "./memo";

/**
 * The server's shared connection waits at most this long inside SQLite (a synchronous sleep on the
 * server's thread) when a read finds the database locked, which WAL makes rare; writes never wait
 * there (writeTransaction).
 */
const SERVER_BUSY_TIMEOUT_MS = 100;
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Raw better-sqlite3 connection to the same file Prisma uses, for the bulk import path and
 * aggregate reads where Prisma's per-row overhead matters (Prisma's createMany through the adapter: ~28k rows/s).
 * Dates are stored as unix milliseconds, matching Prisma's `timestampFormat: "unixepoch-ms"`.
 */
export function openSqlite(file: string = databaseFile(), busyTimeoutMs = 10_000): Database.Database {
  createDatabaseFile(file);
  const db = new Database(file, { timeout: busyTimeoutMs });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // Once a checkpoint lets the WAL start over, the file is cut back to this size.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  db.pragma("foreign_keys = ON");
  return db;
}

const globalForSqlite = globalThis as unknown as { reboundSqlite?: Map<string, Database.Database> };

/** One shared connection per database file per process (survives Next's dev reloads). */
export function sqlite(file: string = databaseFile()): Database.Database {
  const cache = (globalForSqlite.reboundSqlite ??= new Map());
  let db = cache.get(file);
  if (!db?.open) {
    db = openSqlite(file, SERVER_BUSY_TIMEOUT_MS);
    cache.set(file, db);
  }
  return db;
}

export interface WriteOptions {
  /** What it changes (memo.ts topics): remembered answers about anything else are kept. Without it, every one starts afresh. */
  touched?: readonly Topic[];
  /** How long to wait for the lock (busy.ts): a person's click waits WRITE_WAIT_MS. */
  waitMs?: number;
}

/**
 * Runs `fn` as one IMMEDIATE write transaction on `db`. When another connection (an import) holds the
 * write lock, it waits asynchronously, so the server keeps answering (see busy.ts), and throws
 * DatabaseBusyError if the lock stays taken.
 */
export function writeTransaction<T>(db: Database.Database, fn: () => T, { touched, waitMs }: WriteOptions = {}): Promise<T> {
  const transaction = db.transaction(fn);
  return whenUnlocked(() => {
    const previous = db.pragma("busy_timeout", { simple: true }) as number;
    db.pragma("busy_timeout = 0");
    try {
      return touched ? touching(db, touched, () => transaction.immediate()) : transaction.immediate();
    } finally {
      db.pragma(`busy_timeout = ${previous}`);
    }
  }, waitMs);
}
