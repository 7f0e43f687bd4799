/**
 * The read door: statements that only read, answered by a small pool of reader threads, each with its
 * own connection to the WAL database, so the server's thread never waits inside SQLite for a page's
 * counts and lists. Under bench:load the server's thread spent 45% of its time in better-sqlite3
 * calls and stalled up to 2.3 s, requests queueing behind each other's synchronous reads.
 *
 * Each statement is a read transaction of its own, begun after it is sent: it sees every commit made
 * before, whichever connection made it. Code inside a caller's write transaction must keep reading on
 * the writer connection (`sqlite()`), synchronously: the pool cannot see uncommitted rows.
 *
 * REBOUND_READERS=0 (or no bundle, or an in-memory database) answers on the writer connection instead,
 * inline: the same answers, blocking the thread as before.
 */
import fs from "node:fs";
import { Worker } from "node:worker_threads";
import { databaseFile, env } from "../env";
import { AppError } from "../errors";
import { bundlePath } from "../worker-bundle";
import { sqlite } from "./sqlite";

/** Values a statement binds: what survives the copy to a thread and better-sqlite3 accepts. */
export type ReadParam = string | number | bigint | null | Uint8Array;

export interface Reader {
  /** Every row, as objects. */
  all<T>(sql: string, params?: readonly ReadParam[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T>(sql: string, params?: readonly ReadParam[]): Promise<T | undefined>;
  /** The first column of the first row, or undefined. */
  pluck<T>(sql: string, params?: readonly ReadParam[]): Promise<T | undefined>;
  /** The first column of every row. */
  column<T>(sql: string, params?: readonly ReadParam[]): Promise<T[]>;
}

export type ReaderJob = { id: number; op: "all" | "get" | "pluck" | "column"; sql: string; params: ReadParam[] };
export type ReaderAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string; code?: string };

export class ReaderFailedError extends AppError {
  constructor() {
    super(503, "reader-failed", "A database reader stopped while answering. Nothing was changed: try again.");
  }
}

/** An SQLite error from a reader thread, with its code (SQLITE_BUSY… stays recognisable to busy.ts). */
class ReadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "SqliteError";
  }
}

/**
 * A reader waits at most this long for a lock inside SQLite, on its own thread; in WAL mode only a
 * checkpoint that restarts the log makes a reader wait at all.
 */
const READER_BUSY_TIMEOUT_MS = 2000;
/** A reader's heap: answers are pages of rows, not whole tables. */
const READER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

type Pending = ReaderJob & { resolve: (value: unknown) => void; reject: (error: Error) => void };

interface Slot {
  worker: Worker;
  job: Pending | null;
  dead: boolean;
}

/**
 * The threads of one database file. Threads start when work arrives; a statement goes to an idle one
 * or waits its turn (first come, first served). A thread that dies fails its own statement with
 * ReaderFailedError (the route answers 503 JSON) and the next statement starts a new one.
 */
class ReaderPool {
  private readonly slots: Slot[] = [];
  private readonly idle: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly size: number,
    private readonly entry: string,
  ) {}

  run(op: ReaderJob["op"], sql: string, params: readonly ReadParam[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, sql, params: [...params], resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.idle.pop() ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      // Keeps the process alive while an answer is due (an idle pool never does).
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, op: job.op, sql: job.sql, params: job.params } satisfies ReaderJob);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry, { workerData: { dbFile: this.file, busyTimeoutMs: READER_BUSY_TIMEOUT_MS }, resourceLimits: READER_LIMITS });
    const slot: Slot = { worker, job: null, dead: false };
    this.slots.push(slot);
    worker.unref();
    worker.on("message", (answer: ReaderAnswer) => {
      const job = slot.job;
      if (!job || job.id !== answer.id) return;
      slot.job = null;
      worker.unref();
      this.idle.push(slot);
      if (answer.ok) job.resolve(answer.value);
      else job.reject(new ReadError(answer.message, answer.code));
      this.pump();
    });
    const die = (cause: unknown) => {
      if (slot.dead) return;
      slot.dead = true;
      this.slots.splice(this.slots.indexOf(slot), 1);
      const at = this.idle.indexOf(slot);
      if (at >= 0) this.idle.splice(at, 1);
      console.warn("A database reader thread stopped:", cause);
      slot.job?.reject(new ReaderFailedError());
      slot.job = null;
      this.pump();
    };
    worker.on("error", die);
    worker.on("exit", (code) => die(new Error(`exit code ${code}`)));
    return slot;
  }
}

const globalForReaders = globalThis as unknown as { reboundReaders?: Map<string, Reader> };

/** The reader of a database file (one pool per file per process, surviving Next's dev reloads). */
export function reader(file: string = databaseFile()): Reader {
  const cache = (globalForReaders.reboundReaders ??= new Map());
  let r = cache.get(file);
  if (!r) {
    r = createReader(file);
    cache.set(file, r);
  }
  return r;
}

function createReader(file: string): Reader {
  const entry = bundlePath("reader-thread");
  if (env.REBOUND_READERS === 0 || file === ":memory:" || !fs.existsSync(entry)) return inlineReader(file);
  const pool = new ReaderPool(file, env.REBOUND_READERS, entry);
  return {
    all: (sql, params = []) => pool.run("all", sql, params) as Promise<never[]>,
    get: (sql, params = []) => pool.run("get", sql, params) as Promise<never>,
    pluck: (sql, params = []) => pool.run("pluck", sql, params) as Promise<never>,
    column: (sql, params = []) => pool.run("column", sql, params) as Promise<never[]>,
  };
}

/** The same door on the writer connection, in this thread. */
function inlineReader(file: string): Reader {
  const stmt = (sql: string) => sqlite(file).prepare(sql);
  return {
    all: async (sql, params = []) => stmt(sql).all(...params) as never[],
    get: async (sql, params = []) => stmt(sql).get(...params) as never,
    pluck: async (sql, params = []) =>
      stmt(sql)
        .pluck()
        .get(...params) as never,
    column: async (sql, params = []) =>
      stmt(sql)
        .pluck()
        .all(...params) as never[],
  };
}
