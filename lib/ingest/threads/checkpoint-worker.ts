import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/*
 * The checkpoint thread of a big import (lib/ingest/threads/checkpointer.ts says why): a PASSIVE checkpoint
 * every INTERVAL_MS until told to stop, then a last one.
 *
 * Readers that keep old snapshots open (pages being served all the while) can stop a PASSIVE
 * checkpoint from ever reaching the WAL's end, and then the WAL only grows. Past WAL_TRUNCATE_BYTES
 * a TRUNCATE checkpoint holds new writes back briefly, waits for the readers of older frames (each
 * a request, milliseconds) and empties the file.
 */
const INTERVAL_MS = 100;
const WAL_TRUNCATE_BYTES = 256 * 1024 * 1024;
const { dbFile } = workerData as { dbFile: string };
const db = new Database(dbFile, { timeout: 200 });
let timer: NodeJS.Timeout | null = null;

function walBytes(): number {
  try {
    return fs.statSync(`${dbFile}-wal`).size;
  } catch {
    return 0;
  }
}

function checkpoint(): void {
  try {
    db.pragma(walBytes() > WAL_TRUNCATE_BYTES ? "wal_checkpoint(TRUNCATE)" : "wal_checkpoint(PASSIVE)");
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
