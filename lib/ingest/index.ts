/**
 * The import's one door: everything outside lib/ingest imports from here (the linter enforces it).
 * How the import works inside: lib/ingest/README.md.
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { sqlite } from "../db/sqlite";
import { env } from "../env";
import { runImport, type ImportOutcome, type RunImportOptions } from "./pipeline/run-import";
import { completeUpload, startImport } from "./upload/records";
import { storeUpload } from "./upload/store";

export { receiveUpload } from "./upload/receive";
export { applyMapping } from "./upload/records";
export { kickImportQueue } from "./queue/queue";
export type { ImportOutcome, RunImportOptions } from "./pipeline/run-import";

/**
 * Queues the import of a file that did not come through the upload form (a batch of webhook events,
 * a file a script produced): stored like an upload, then read by the same pipeline. Resolves with
 * the import's id once the file is stored; the import itself runs in the queue.
 */
export async function importFile(input: { fileName: string; body: Readable | Buffer | string; createdBy?: string | null }): Promise<string> {
  const body = input.body instanceof Readable ? input.body : Readable.from([Buffer.from(input.body)]);
  const upload = await storeUpload(body, env.MAX_UPLOAD_BYTES, {
    onStart: (started) => startImport(started, input.fileName, { expectedSize: null, createdBy: input.createdBy }),
    beforeComplete: completeUpload,
  });
  return upload.id;
}

/**
 * Imports a file on this machine to the end, in the calling thread, without the queue (scripts and
 * tests: their file is whole and nobody waits on a page). Stored and recorded as an upload first.
 */
export async function importFileNow(file: string, options: RunImportOptions = {}): Promise<{ id: string; outcome: ImportOutcome; storedPath: string }> {
  const upload = await storeUpload(fs.createReadStream(file), Number.MAX_SAFE_INTEGER);
  await startImport(upload, path.basename(file), { expectedSize: upload.size, kick: false });
  await completeUpload(upload, { kick: false });
  const outcome = await runImport(sqlite(), upload.id, options);
  return { id: upload.id, outcome, storedPath: upload.storedPath };
}
