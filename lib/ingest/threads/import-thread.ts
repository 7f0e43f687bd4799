import fs from "node:fs";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import { writeWaiters } from "../../db/busy";
import { env, ingestWithout } from "../../env";
import type { ColumnMapping } from "../../formats/types";
import { failImport, runImport, type ImportOutcome } from "../pipeline/run-import";
import { bundlePath } from "../../worker-bundle";

export interface ImportThreadTask {
  dbFile: string;
  importId: string;
  mapping: ColumnMapping | null;
  /** The server's count of writers waiting for the lock: the import lets them in between transactions. */
  writeWaiters: Int32Array;
  /** Set when the thread is to undo a failed import (this message) rather than run one. */
  failure?: string;
}

export type ImportThreadMessage = { type: "outcome"; outcome: ImportOutcome } | { type: "crash"; message: string };

/**
 * Runs one import in a thread of its own (lib/ingest/threads/import-runner.ts), so that the server's thread
 * only answers requests: a million-row import spends seconds in synchronous SQLite calls (each batch,
 * then each index rebuild), and in the server's thread every page waited for them. The thread has
 * its own connection and a capped heap; progress reaches the pages through the Import row, as before.
 *
 * A thread that dies without an answer (out of memory, a crash) fails the import here, with nothing
 * of it left behind. Without the bundle the import runs in this thread, slower for others but whole.
 */
export async function runImportInThread(db: Database.Database, importId: string, mapping?: ColumnMapping): Promise<ImportOutcome> {
  const entry = bundlePath("import-runner");
  if (db.memory || env.REBOUND_IMPORT_WORKER === "off" || ingestWithout("import-thread") || !fs.existsSync(entry)) return runImport(db, importId, { mapping });
  const task: ImportThreadTask = { dbFile: db.name, importId, mapping: mapping ?? null, writeWaiters: writeWaiters() };
  const answer = await inThread(entry, task);
  if (!(answer instanceof Error) && answer.type === "outcome") return answer.outcome;
  const failure = answer instanceof Error ? answer : new Error(answer.message);
  // Undoing it rebuilds indexes and deletes rows for seconds: in a thread too, unless that dies as well.
  const undone = await inThread(entry, { ...task, failure: failure.message });
  if (!(undone instanceof Error) && undone.type === "outcome") return undone.outcome;
  return failImport(db, importId, failure);
}

async function inThread(entry: string, task: ImportThreadTask): Promise<ImportThreadMessage | Error> {
  const worker = new Worker(entry, { workerData: task, resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 } });
  const answer = await new Promise<ImportThreadMessage | Error>((resolve) => {
    worker.once("message", (m: ImportThreadMessage) => resolve(m));
    worker.once("error", (error) => resolve(error));
    worker.once("exit", (code) => resolve(new Error(`the import thread stopped (exit code ${code})`)));
  });
  await worker.terminate();
  return answer;
}
