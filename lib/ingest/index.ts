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
import { completeUpload, startImport, type PassOf } from "./upload/records";
import { storeUpload } from "./upload/store";

export { receiveUpload } from "./upload/receive";
export { applyMapping } from "./upload/records";
export { kickImportQueue } from "./queue/queue";
export type { ImportOutcome, RunImportOptions } from "./pipeline/run-import";

/**
 * Queues a file as the next pass of a rolling import (created by its first pass; one per webhook
 * source, UTC day and campaign): stored like an upload and imported by the same pipeline as an
 * import of its own, then, once every row is in, appended to the rolling import in one transaction.
 * A pass that fails, or that a crash interrupts, is taken back alone; the earlier passes stay
 * (lib/ingest/pipeline/append.ts). `beforeQueued` runs with the pass's id before the queue can
 * start it (to note which events it carries). Resolves with the pass's id once the file is stored;
 * `importSettled` waits for its end.
 */
export async function appendFile(
  input: PassOf & { fileName: string; body: Readable | Buffer | string; createdBy?: string | null; beforeQueued?: (passId: string) => Promise<void> },
): Promise<string> {
  const { rollingKey, fedBy, lastFedAt } = input;
  const body = input.body instanceof Readable ? input.body : Readable.from([Buffer.from(input.body)]);
  const upload = await storeUpload(body, env.MAX_UPLOAD_BYTES, {
    onStart: (started) => startImport(started, input.fileName, { expectedSize: null, createdBy: input.createdBy, pass: { rollingKey, fedBy, lastFedAt } }),
    beforeComplete: async (stored) => {
      await input.beforeQueued?.(stored.id);
      await completeUpload(stored);
    },
  });
  return upload.id;
}

export type Settled = { status: "done" | "merged"; rollingId: string | null } | { status: "failed" | "needs_mapping"; error: string };

/**
 * Waits (polling the Import row: the queue runs in its own thread) until an import has been through
 * the queue: done; merged, for a pass, with the rolling import's id; or failed (nothing of it kept).
 */
export async function importSettled(id: string, pollMs = 50): Promise<Settled> {
  const read = sqlite().prepare(
    "SELECT i.status, i.error, r.id AS rollingId FROM Import i LEFT JOIN Import r ON r.rollingKey = i.appendTo AND i.status = 'merged' WHERE i.id = ?",
  );
  for (;;) {
    const row = read.get(id) as { status: string; error: string | null; rollingId: string | null } | undefined;
    if (!row) return { status: "failed", error: "The import is gone." };
    if (row.status === "done" || row.status === "merged") return { status: row.status, rollingId: row.rollingId };
    if (row.status === "failed" || row.status === "needs_mapping") return { status: row.status, error: row.error ?? row.status };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
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
