import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/*
 * The checkpoint thread of a big import (lib/ingest/checkpointer.ts says why): a PASSIVE checkpoint
 * every INTERVAL_MS until told to stop, then a last one.
 */
const INTERVAL_MS = 100;
const { dbFile } = workerData as { dbFile: string };
const db = new Database(dbFile);
let timer: NodeJS.Timeout | null = null;

function checkpoint(): void {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    // Busy or not: the next tick tries again, and the writer's own checkpoints are the safety net.
    if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
  }
}

function tick(): void {
  checkpoint();
  timer = setTimeout(tick, INTERVAL_MS);
}

parentPort!.on("message", (m) => {
  if (m !== "stop") return;
  if (timer) clearTimeout(timer);
  checkpoint();
  db.close();
  parentPort!.close();
});
tick();
