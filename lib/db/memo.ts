import type Database from "better-sqlite3";

/**
 * What a remembered answer depends on and a write touched: a name chosen by the query layer (one per
 * category, lib/queries/memo-topics.ts). An answer about category X survives a tick on category Y.
 */
export type Topic = string;

interface Entry {
  outside: string;
  generations: number[];
  value: Promise<unknown>;
}

interface Memo {
  values: Map<string, Entry>;
  /** Bumped by every write that said what it touched (`touching`). */
  generations: Map<Topic, number>;
  /** Rows this connection changed inside `touching`: writes that said what they touched. */
  accounted: number;
}

const memos = new WeakMap<Database.Database, Memo>();

/** Keeps at most this many answers (searches make endless variants); the oldest go first. */
const MAX_ENTRIES = 1000;

function memoOf(db: Database.Database): Memo {
  let memo = memos.get(db);
  if (!memo) memos.set(db, (memo = { values: new Map(), generations: new Map(), accounted: 0 }));
  return memo;
}

const totalChanges = (db: Database.Database) => db.prepare("SELECT total_changes()").pluck().get() as number;

/**
 * Writes nobody described: `data_version` moves when any other connection commits (imports, Prisma,
 * another process), and this connection's total_changes() beyond what `touching` accounted for.
 * Either starts every answer afresh.
 */
function outsideVersion(db: Database.Database, memo: Memo): string {
  return `${db.pragma("data_version", { simple: true })}:${totalChanges(db) - memo.accounted}`;
}

/**
 * `compute()`, remembered until a write touches one of `topics` (or an undescribed write happens):
 * for answers that cost tens of milliseconds and are asked far more often than their part of the
 * database changes. Callers asking while it is computed share the one answer. Versions are read
 * before computing, so a write that lands meanwhile makes the next caller compute again.
 */
export function remember<T>(db: Database.Database, key: string, topics: readonly Topic[], compute: () => Promise<T>): Promise<T> {
  const memo = memoOf(db);
  const outside = outsideVersion(db, memo);
  const generations = topics.map((t) => memo.generations.get(t) ?? 0);
  const hit = memo.values.get(key);
  if (hit && hit.outside === outside && hit.generations.every((g, i) => g === generations[i])) return hit.value as Promise<T>;
  memo.values.delete(key);
  if (memo.values.size >= MAX_ENTRIES) memo.values.delete(memo.values.keys().next().value as string);
  const value = compute();
  const entry: Entry = { outside, generations, value };
  memo.values.set(key, entry);
  // A failed computation is not an answer to remember.
  value.catch(() => {
    if (memo.values.get(key) === entry) memo.values.delete(key);
  });
  return value;
}

/**
 * Runs `write` (synchronous, on `db`'s connection) and records that it touched `topics` only: the
 * answers about anything else are kept. The topics move after it returns, once its transaction has
 * committed, so no answer read before the commit is kept under the new generation.
 */
export function touching<T>(db: Database.Database, topics: readonly Topic[], write: () => T): T {
  const memo = memoOf(db);
  const before = totalChanges(db);
  try {
    return write();
  } finally {
    memo.accounted += totalChanges(db) - before;
    for (const t of topics) memo.generations.set(t, (memo.generations.get(t) ?? 0) + 1);
  }
}
