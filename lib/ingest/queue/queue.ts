import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { completePathOf, INCOMPLETE_UPLOAD_MESSAGE, partPathOf } from "../../csv/growing-file";
import { uploadsDir } from "../../env";
import { sqlite } from "../../db/sqlite";
import { runImportInThread } from "../threads/import-thread";
import { partFilesInFlight } from "../upload/store";

/**
 * Imports run one at a time, in upload order, inside the server process. The queue lives in the
 * database (status = queued), so uploads made while another import runs simply wait their turn,
 * and a restart picks up what was queued or interrupted.
 */
interface QueueState {
  running: boolean;
  recovered: boolean;
}

const state: QueueState = ((globalThis as unknown as { reboundQueue?: QueueState }).reboundQueue ??= {
  running: false,
  recovered: false,
});

/** Starts working through queued imports unless already doing so. Returns immediately. */
export function kickImportQueue(db: Database.Database = sqlite()): void {
  if (!state.recovered) {
    // An import left "processing" or "rolling_back" was interrupted (crash, kill): run it again from
    // the start. runImport first removes whatever the interrupted attempt had written.
    db.prepare("UPDATE Import SET status = 'queued' WHERE status IN ('processing', 'rolling_back')").run();
    settleCutOffUploads(db);
    state.recovered = true;
  }
  if (state.running) return;
  state.running = true;
  void drain(db).finally(() => {
    state.running = false;
  });
}

/**
 * Part files that no upload of this process is writing were cut off by a crash or restart: nobody
 * will complete them. One whose upload had been recorded whole (uploadedAt: lib/ingest/upload/records.ts
 * completeUpload), cut off just before its rename, is complete and kept. The others are removed,
 * and their imports fail when their turn comes (lib/ingest/pipeline/run-import.ts).
 */
function settleCutOffUploads(db: Database.Database): void {
  const dir = uploadsDir();
  if (fs.existsSync(dir)) settlePartFiles(db, dir);
  // An upload of unknown size is never started before its end (see drain), so nothing of it is
  // stored: one cut off is failed here, as no turn will come for it.
  const waiting = db.prepare("SELECT id, storedPath FROM Import WHERE status = 'queued' AND uploadedAt IS NULL AND size IS NULL").all() as {
    id: string;
    storedPath: string;
  }[];
  const fail = db.prepare("UPDATE Import SET status = 'failed', error = ?, errorCode = 'upload-incomplete', finishedAt = ? WHERE id = ?");
  for (const w of waiting) if (!partFilesInFlight().has(partPathOf(w.storedPath))) fail.run(INCOMPLETE_UPLOAD_MESSAGE, Date.now(), w.id);
}

function settlePartFiles(db: Database.Database, dir: string): void {
  const recorded = db.prepare("SELECT size FROM Import WHERE storedPath = ? AND uploadedAt IS NOT NULL").pluck();
  for (const name of fs.readdirSync(dir)) {
    const part = path.join(dir, name);
    const complete = completePathOf(part);
    if (complete === null || partFilesInFlight().has(part)) continue;
    if (recorded.get(complete) === fs.statSync(part).size) fs.renameSync(part, complete);
    else fs.rmSync(part, { force: true });
  }
}

async function drain(db: Database.Database): Promise<void> {
  // Uploads still arriving go after complete ones: a slow upload read as it comes
  // would hold the queue until its last byte. One of unknown size (no Content-Length) waits for its
  // end: without a size, a big import could not tell it is big (lib/ingest/pipeline/run-import.ts).
  const next = db.prepare(
    "SELECT id, mapping FROM Import WHERE status = 'queued' AND (uploadedAt IS NOT NULL OR size IS NOT NULL) ORDER BY uploadedAt IS NULL, createdAt, rowid LIMIT 1",
  );
  for (;;) {
    const job = next.get() as { id: string; mapping: string | null } | undefined;
    if (!job) return;
    try {
      await runImportInThread(db, job.id, job.mapping ? JSON.parse(job.mapping) : undefined);
    } catch (error) {
      console.error(`Import ${job.id} could not run`, error);
      db.prepare("UPDATE Import SET status = 'failed', error = ? WHERE id = ? AND status <> 'done'").run("The import could not start.", job.id);
    }
  }
}
