import type Database from "better-sqlite3";

const memos = new WeakMap<Database.Database, { version: string; values: Map<string, unknown> }>();

/** Keeps at most this many answers per database version (searches make endless variants). */
const MAX_ENTRIES = 1000;

/**
 * `compute()`, remembered until the database changes: for read-heavy answers (the overview's
 * counts, a category's exact count) that cost tens of milliseconds and are asked far more often
 * than anything is written. `data_version` moves when any other connection commits (imports,
 * Prisma), total_changes() when this one writes; either starts afresh.
 */
export function memoUntilChange<T>(db: Database.Database, key: string, compute: () => T): T {
  const version = `${db.pragma("data_version", { simple: true })}:${db.prepare("SELECT total_changes()").pluck().get()}`;
  let memo = memos.get(db);
  if (!memo || memo.version !== version || memo.values.size >= MAX_ENTRIES) memos.set(db, (memo = { version, values: new Map() }));
  if (memo.values.has(key)) return memo.values.get(key) as T;
  const value = compute();
  memo.values.set(key, value);
  return value;
}
