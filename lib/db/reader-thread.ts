import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { ReaderAnswer, ReaderJob, ReadParam } from "./reader";

/*
 * One reader thread of the pool (lib/db/reader.ts says why): its own connection to the WAL database,
 * never writing, answering one statement at a time. A new read transaction per statement, so it
 * sees every commit made before the statement was sent.
 */
const { dbFile, busyTimeoutMs } = workerData as { dbFile: string; busyTimeoutMs: number };
const db = new Database(dbFile, { timeout: busyTimeoutMs, fileMustExist: true });
db.pragma("query_only = ON");

/** Prepared statements by SQL text: the queries are few, their variants (IN lists, filters) are not. */
const statements = new Map<string, Database.Statement>();
const MAX_STATEMENTS = 500;

function prepared(sql: string): Database.Statement {
  let stmt = statements.get(sql);
  if (!stmt) {
    if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value as string);
    stmt = db.prepare(sql);
    statements.set(sql, stmt);
  }
  return stmt;
}

/**
 * Rows one by one rather than with all(): an answer too big for the thread's heap then stops the
 * thread (ERR_WORKER_OUT_OF_MEMORY, and the pool starts another), where all() building the array
 * inside better-sqlite3 left it collecting garbage forever (measured: 4,000,000 rows of 128 bytes).
 */
function rows(stmt: Database.Statement, params: ReadParam[]): unknown[] {
  const out: unknown[] = [];
  for (const row of stmt.iterate(...params)) out.push(row);
  return out;
}

function answer(job: ReaderJob): unknown {
  const stmt = prepared(job.sql);
  if (!stmt.reader) throw new Error(`A reader only runs statements that return rows, not: ${job.sql.slice(0, 80)}`);
  if (job.op === "all") return rows(stmt.pluck(false), job.params);
  if (job.op === "get") return stmt.pluck(false).get(...job.params);
  if (job.op === "pluck") return stmt.pluck(true).get(...job.params);
  return rows(stmt.pluck(true), job.params);
}

parentPort!.on("message", (job: ReaderJob) => {
  let reply: ReaderAnswer;
  try {
    reply = { id: job.id, ok: true, value: answer(job) };
  } catch (error) {
    const e = error as { message?: string; code?: unknown };
    reply = { id: job.id, ok: false, message: e.message ?? String(error), code: typeof e.code === "string" ? e.code : undefined };
  }
  parentPort!.postMessage(reply);
});
