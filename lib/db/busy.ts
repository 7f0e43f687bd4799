/**
 * Waiting for SQLite's write lock without freezing the server. better-sqlite3 waits for a lock by
 * sleeping inside a synchronous call, and on the server's only JavaScript thread that stopped every
 * request (static files too) while an import held the lock. The server's connections therefore never
 * wait inside SQLite (busy timeout 0 for writes): an attempt that finds the lock taken is retried
 * after an asynchronous pause, and gives up with DatabaseBusyError after WRITE_WAIT_MS.
 *
 * An import in a thread of this process sees how many writers are waiting (a shared counter) and
 * pauses between its transactions until they are through, so a person's click gets in quickly.
 */
import { isMainThread } from "node:worker_threads";
import { AppError } from "../errors";

/**
 * Long enough to outwait the longest statement an import holds the lock for (one index rebuild at
 * its end: 0.5–1.5 s on 1,000,000 rows, measured by bench:load); it lets waiting writers in between.
 */
export const WRITE_WAIT_MS = 2500;
/** Longest pause an import takes for waiting writers before it goes on regardless. */
const IMPORT_YIELD_MS = 250;

export class DatabaseBusyError extends AppError {
  constructor() {
    super(503, "database-busy", "The database is busy with an import. Nothing was changed: try again in a few seconds.");
  }
}

/** SQLite's "database is locked", from better-sqlite3 or from Prisma's adapter (P1008 over SQLITE_BUSY). */
export function isBusyError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  if (typeof e.code === "string" && e.code.startsWith("SQLITE_BUSY")) return true;
  const original = e.meta?.driverAdapterError?.cause?.originalCode;
  return typeof original === "string" && original.startsWith("SQLITE_BUSY");
}

const globalWaiters = globalThis as unknown as { reboundWriteWaiters?: Int32Array };

/** The process's count of writers waiting for the lock (shared with import threads). */
export function writeWaiters(): Int32Array {
  return (globalWaiters.reboundWriteWaiters ??= new Int32Array(new SharedArrayBuffer(4)));
}

/** In an import thread: count the waiters of the thread that started it. */
export function shareWriteWaiters(counter: Int32Array): void {
  globalWaiters.reboundWriteWaiters = counter;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (one whole write transaction, or one Prisma call) until it does not find the database
 * locked, pausing asynchronously in between; DatabaseBusyError after `waitMs`. Safe to retry because a
 * locked attempt changed nothing: its transaction could not begin.
 */
export async function whenUnlocked<T>(attempt: () => T | Promise<T>, waitMs = WRITE_WAIT_MS): Promise<T> {
  const deadline = Date.now() + waitMs;
  const waiters = writeWaiters();
  let waiting = false;
  try {
    for (let delay = 2; ; delay = Math.min(delay * 2, 25)) {
      try {
        return await attempt();
      } catch (error) {
        if (!isBusyError(error)) throw error;
        if (Date.now() >= deadline) throw new DatabaseBusyError();
      }
      if (!waiting) {
        waiting = true;
        Atomics.add(waiters, 0, 1);
      }
      await pause(Math.min(delay, Math.max(1, deadline - Date.now())));
    }
  } finally {
    if (waiting) {
      Atomics.sub(waiters, 0, 1);
      Atomics.notify(waiters, 0);
    }
  }
}

/** Whether a person's write is waiting for the lock now: an import then commits what it has at once. */
export function writersWaiting(): boolean {
  return Atomics.load(writeWaiters(), 0) > 0;
}

/**
 * In an import, between two transactions: while writers of this process wait for the lock, pause
 * (up to IMPORT_YIELD_MS) so they get it first. Blocks its thread, which is never the server's.
 */
export function yieldToWriters(): void {
  if (isMainThread) return; // the waiters need this very thread to get through
  const waiters = writeWaiters();
  const deadline = Date.now() + IMPORT_YIELD_MS;
  for (let n = Atomics.load(waiters, 0); n > 0; n = Atomics.load(waiters, 0)) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    Atomics.wait(waiters, 0, n, left);
  }
}
