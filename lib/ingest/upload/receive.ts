import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import Busboy from "busboy";
import { prisma } from "../../db/prisma";
import { env } from "../../env";
import { AppError } from "../../errors";
import type { ColumnMapping } from "../../formats/types";
import { columnMappingSchema } from "../../validation/mapping";
import { abandonUpload, completeUpload, startImport } from "./records";
import { storeUpload, UploadTooLargeError } from "./store";

/** A refused upload, with the answer it deserves (lib/http.ts answers every AppError). */
class UploadError extends AppError {}
const missingFile = () => new UploadError(400, "no-file", 'No file received: attach the export in a field named "file".');
const givenUp = () => new UploadError(400, "upload-stalled", "The upload stalled for too long, so its import gave up. Please upload the file again.");

export interface ReceivedUpload {
  id: string;
  status: string;
}

/**
 * Receives a multipart upload (field `file`, and an optional `mapping` JSON sent before it) and
 * queues its import as soon as the file starts arriving, so the import can read it while it
 * uploads. Resolves once the whole file is stored; every refusal is an AppError with a clear message.
 */
export async function receiveUpload(
  body: WebReadableStream<Uint8Array> | null,
  contentType: string,
  options: { declaredSize: number; createdBy: string },
): Promise<ReceivedUpload> {
  if (!contentType.startsWith("multipart/form-data")) {
    throw new UploadError(415, "unsupported-media-type", 'Send the export as multipart/form-data with the file in a field named "file".');
  }
  if (options.declaredSize > env.MAX_UPLOAD_BYTES + 64 * 1024) throw tooLarge();
  if (!body) throw new UploadError(400, "no-file", 'The request has no body: attach the export in a field named "file".');
  try {
    return await readMultipart(Readable.fromWeb(body), contentType, options);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof UploadTooLargeError) throw tooLarge();
    console.error("Upload failed", error);
    throw new UploadError(400, "upload-failed", "The upload was interrupted or malformed. Please try again.");
  }
}

function tooLarge(): UploadError {
  return new UploadError(413, "file-too-large", new UploadTooLargeError(env.MAX_UPLOAD_BYTES).message);
}

function parseMapping(json: string | null): ColumnMapping | undefined {
  if (json === null) return undefined;
  let value: unknown = null;
  try {
    value = JSON.parse(json);
  } catch {
    // answered below as an invalid mapping
  }
  const result = columnMappingSchema.safeParse(value);
  if (!result.success) throw new UploadError(400, "invalid-mapping", `The column mapping is not valid: ${result.error.issues[0]?.message}`);
  return result.data;
}

function readMultipart(request: Readable, contentType: string, options: { declaredSize: number; createdBy: string }) {
  return new Promise<ReceivedUpload>((resolve, reject) => {
    const bb = Busboy({ headers: { "content-type": contentType }, limits: { files: 1, fields: 10, fieldSize: 64 * 1024 } });
    let stored: Promise<ReceivedUpload> | null = null;
    let failed: Error | null = null;
    let mappingJson: string | null = null;
    // Any failure of the request stops the upload, so its import fails too instead of waiting for more bytes.
    const abort = new AbortController();
    const fail = (error: Error) => {
      failed ??= error;
      abort.abort(failed);
    };
    // The upload is only marked complete once the whole request is read: a field after the file could still be wrong.
    let requestRead!: () => void;
    const wholeRequest = new Promise<void>((r) => (requestRead = r));

    bb.on("file", (field, stream, info) => {
      if (field !== "file" || stored || failed) {
        stream.resume();
        return;
      }
      let mapping: ColumnMapping | undefined;
      try {
        mapping = parseMapping(mappingJson);
      } catch (error) {
        fail(error as Error);
        stream.resume();
        return;
      }
      const upload = { fileName: info.filename || "export.csv", mapping, signal: abort.signal, wholeRequest, failure: () => failed };
      stored = storeMultipartFile(stream, upload, options);
      // Stop reading the request as soon as the limit is hit instead of swallowing the rest.
      stored.catch(() => stream.resume());
    });
    bb.on("field", (name, value) => {
      if (name !== "mapping") return;
      // The import starts with the file's first bytes, so it must know its mapping by then.
      if (stored) fail(new UploadError(400, "invalid-mapping", "Send the mapping field before the file: the import starts reading the file as it arrives."));
      else mappingJson = value;
    });
    const settle = () => {
      requestRead();
      if (stored) stored.then(resolve, reject);
      else reject(failed ?? missingFile());
    };
    bb.on("error", (error: Error) => {
      fail(error);
      settle();
    });
    bb.on("close", settle);
    request
      .on("error", (error) => {
        fail(error);
        bb.destroy(error);
        settle();
      })
      .pipe(bb);
  });
}

interface MultipartFile {
  fileName: string;
  mapping: ColumnMapping | undefined;
  signal: AbortSignal;
  /** Settles once the whole request has been read. */
  wholeRequest: Promise<void>;
  /** What went wrong with the request so far, if anything. */
  failure: () => Error | null;
}

/** Streams the file part to disk, recording the import when it starts and the upload when it is whole. */
async function storeMultipartFile(stream: Readable, file: MultipartFile, options: { declaredSize: number; createdBy: string }): Promise<ReceivedUpload> {
  let started: string | null = null;
  try {
    const upload = await storeUpload(stream, env.MAX_UPLOAD_BYTES, {
      signal: file.signal,
      onStart: async (upload) => {
        await startImport(upload, file.fileName, { expectedSize: options.declaredSize, mapping: file.mapping, createdBy: options.createdBy });
        started = upload.id;
      },
      beforeComplete: async (upload) => {
        await file.wholeRequest;
        const failed = file.failure();
        if (failed) throw failed;
        // The import stopped waiting for a stalled upload: keeping the file now would contradict it.
        if ((await importRow(upload.id))?.errorCode === "upload-incomplete") throw givenUp();
        await completeUpload(upload);
      },
    });
    return { id: upload.id, status: (await importRow(upload.id).catch(() => null))?.status ?? "queued" };
  } catch (error) {
    // The import fails by itself anyway (its file is gone): the answer names the real problem.
    if (started) await abandonUpload(started).catch((e: unknown) => console.error(`Import ${started} could not be marked failed`, e));
    throw file.failure() ?? error;
  }
}

function importRow(id: string) {
  return prisma().import.findUnique({ where: { id }, select: { status: true, errorCode: true } });
}
