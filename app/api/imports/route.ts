import { Readable } from "node:stream";
import { requireApiUser } from "@/lib/auth/current-user";
import Busboy from "busboy";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { jsonError, guarded } from "@/lib/http";
import type { ColumnMapping } from "@/lib/formats/types";
import { storeUpload, UploadTooLargeError } from "@/lib/ingest/upload";
import { abandonUpload, completeUpload, getImport, listImports, startImport, type ImportSummary } from "@/lib/queries/imports";
import { columnMappingSchema } from "@/lib/validation/mapping";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: Request) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  return NextResponse.json({ data: await listImports(50) });
});

/**
 * Multipart upload, field `file` (and optional `mapping` JSON for a hand-mapped layout, sent before
 * the file). The file is streamed to disk as it arrives, never buffered whole. The import is queued
 * as soon as the file starts arriving and, when the queue is free, reads it while it uploads; the
 * answer comes once the whole file is stored: 202 { id, status }.
 */
export const POST = guarded(async function POST(request: NextRequest) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    return jsonError(415, "unsupported-media-type", "Send the export as multipart/form-data with the file in a field named \"file\".");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > env.MAX_UPLOAD_BYTES + 64 * 1024) {
    return jsonError(413, "file-too-large", new UploadTooLargeError(env.MAX_UPLOAD_BYTES).message);
  }
  if (!request.body) return jsonError(400, "no-file", "The request has no body: attach the export in a field named \"file\".");

  try {
    const created = await receiveMultipart(request, type, { expectedSize: declared, createdBy: who.user.email });
    return NextResponse.json({ id: created.id, status: created.status }, { status: 202, headers: { Location: `/api/imports/${created.id}` } });
  } catch (error) {
    if (error instanceof UploadTooLargeError) return jsonError(413, "file-too-large", error.message);
    if (error instanceof MissingFileError) return jsonError(400, "no-file", error.message);
    if (error instanceof InvalidMappingError) return jsonError(400, "invalid-mapping", error.message);
    if (error instanceof UploadGivenUpError) return jsonError(400, "upload-stalled", error.message);
    console.error("Upload failed", error);
    return jsonError(400, "upload-failed", "The upload was interrupted or malformed. Please try again.");
  }
});

class MissingFileError extends Error {}
class InvalidMappingError extends Error {}
class UploadGivenUpError extends Error {
  constructor() {
    super("The upload stalled for too long, so its import gave up. Please upload the file again.");
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseMapping(json: string | null): ColumnMapping | undefined {
  if (json === null) return undefined;
  const result = columnMappingSchema.safeParse(safeJson(json));
  if (!result.success) throw new InvalidMappingError(`The column mapping is not valid: ${result.error.issues[0]?.message}`);
  return result.data;
}

function receiveMultipart(request: NextRequest, contentType: string, options: { expectedSize: number; createdBy: string }) {
  return new Promise<Pick<ImportSummary, "id" | "status">>((resolve, reject) => {
    const bb = Busboy({ headers: { "content-type": contentType }, limits: { files: 1, fields: 10, fieldSize: 64 * 1024 } });
    let stored: Promise<Pick<ImportSummary, "id" | "status">> | null = null;
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
      const fileName = info.filename || "export.csv";
      let started: string | null = null;
      stored = storeUpload(stream, env.MAX_UPLOAD_BYTES, {
        signal: abort.signal,
        onStart: async (upload) => {
          await startImport(upload, fileName, { expectedSize: options.expectedSize, mapping, createdBy: options.createdBy });
          started = upload.id;
        },
        beforeComplete: async (upload) => {
          await wholeRequest;
          if (failed) throw failed;
          // The import stopped waiting for a stalled upload: keeping the file now would contradict it.
          if ((await getImport(upload.id))?.errorCode === "upload-incomplete") throw new UploadGivenUpError();
          await completeUpload(upload);
        },
      }).then(
        async (upload) => ({ id: upload.id, status: (await getImport(upload.id).catch(() => null))?.status ?? "queued" }),
        async (error: unknown) => {
          // The import fails by itself anyway (its file is gone): the answer names the real problem.
          if (started) await abandonUpload(started).catch((e: unknown) => console.error(`Import ${started} could not be marked failed`, e));
          throw failed ?? error;
        },
      );
      // Stop reading the request as soon as the limit is hit instead of swallowing the rest.
      stored.catch(() => stream.resume());
    });
    bb.on("field", (name, value) => {
      if (name !== "mapping") return;
      // The import starts with the file's first bytes, so it must know its mapping by then.
      if (stored) fail(new InvalidMappingError("Send the mapping field before the file: the import starts reading the file as it arrives."));
      else mappingJson = value;
    });
    const settle = () => {
      requestRead();
      if (stored) stored.then(resolve, reject);
      else reject(failed ?? new MissingFileError("No file received: attach the export in a field named \"file\"."));
    };
    bb.on("error", (error: Error) => {
      fail(error);
      settle();
    });
    bb.on("close", settle);
    Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>)
      .on("error", (error) => {
        fail(error);
        bb.destroy(error);
        settle();
      })
      .pipe(bb);
  });
}
