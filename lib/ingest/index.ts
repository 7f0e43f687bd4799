/**
 * The import's one door: everything outside lib/ingest imports from here.
 */
import { Readable } from "node:stream";
import { env } from "../env";
import { completeUpload, startImport } from "../queries/imports";
import { storeUpload } from "./upload";

/**
 * Queues the import of a file that did not come through the upload form (a batch of webhook events,
 * a file a script produced): stored like an upload, then read by the same pipeline. Resolves with
 * the import's id once the file is stored; the import itself runs in the queue.
 */
export async function importFile(input: { fileName: string; body: Readable | Buffer | string; createdBy?: string | null }): Promise<string> {
  const body = input.body instanceof Readable ? input.body : Readable.from([Buffer.from(input.body)]);
  const upload = await storeUpload(body, env.MAX_UPLOAD_BYTES, {
    onStart: (started) => startImport(started, input.fileName, { expectedSize: 0, createdBy: input.createdBy ?? undefined }),
    beforeComplete: completeUpload,
  });
  return upload.id;
}
