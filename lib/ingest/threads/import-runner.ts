import { parentPort, workerData } from "node:worker_threads";
import { shareWriteWaiters } from "../../db/busy";
import { openSqlite } from "../../db/sqlite";
import type { ImportThreadMessage, ImportThreadTask } from "./import-thread";
import { failImport, runImport } from "../pipeline/run-import";

/*
 * The import's own thread (lib/ingest/threads/import-thread.ts says why): its own connection to the
 * database, the whole import, one message back with the outcome.
 */
const task = workerData as ImportThreadTask;
const send = (m: ImportThreadMessage) => parentPort!.postMessage(m);
shareWriteWaiters(task.writeWaiters);

// Not top-level await: the bundle is CommonJS (scripts/build-worker.mjs).
async function run(): Promise<void> {
  const db = openSqlite(task.dbFile);
  try {
    const outcome = task.failure
      ? await failImport(db, task.importId, new Error(task.failure))
      : await runImport(db, task.importId, { mapping: task.mapping ?? undefined });
    send({ type: "outcome", outcome });
  } finally {
    db.close();
  }
}

run().catch((error: unknown) => send({ type: "crash", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
