import { Readable } from "node:stream";
import { requireApiUser } from "@/lib/auth/current-user";
import Busboy from "busboy";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http";
import { storeUpload, UploadTooLargeError, type StoredUpload } from "@/lib/ingest/upload";
import { createImport, listImports } from "@/lib/queries/imports";
import { columnMappingSchema } from "@/lib/validation/mapping";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  return NextResponse.json({ data: await listImports(50) });
}

/**
 * Multipart upload, field `file` (and optional `mapping` JSON for a hand-mapped layout). The file is
 * streamed to disk as it arrives, never buffered whole, then queued for import: 202 { id, status }.
 */
export async function POST(request: NextRequest) {
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

  let parsed: { upload: StoredUpload; fileName: string; mappingJson: string | null };
  try {
    parsed = await receiveMultipart(request, type);
  } catch (error) {
    if (error instanceof UploadTooLargeError) return jsonError(413, "file-too-large", error.message);
    if (error instanceof MissingFileError) return jsonError(400, "no-file", error.message);
    console.error("Upload failed", error);
    return jsonError(400, "upload-failed", "The upload was interrupted or malformed. Please try again.");
  }

  let mapping;
  if (parsed.mappingJson) {
    const result = columnMappingSchema.safeParse(safeJson(parsed.mappingJson));
    if (!result.success) return jsonError(400, "invalid-mapping", `The column mapping is not valid: ${result.error.issues[0]?.message}`);
    mapping = result.data;
  }
  const created = await createImport(parsed.upload, parsed.fileName, { mapping, createdBy: who.user.email });
  return NextResponse.json({ id: created.id, status: created.status }, { status: 202, headers: { Location: `/api/imports/${created.id}` } });
}

class MissingFileError extends Error {}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function receiveMultipart(request: NextRequest, contentType: string) {
  return new Promise<{ upload: StoredUpload; fileName: string; mappingJson: string | null }>((resolve, reject) => {
    const bb = Busboy({ headers: { "content-type": contentType }, limits: { files: 1, fields: 10, fieldSize: 64 * 1024 } });
    let stored: Promise<StoredUpload> | null = null;
    let fileName = "export.csv";
    let mappingJson: string | null = null;
    bb.on("file", (field, stream, info) => {
      if (field !== "file" || stored) {
        stream.resume();
        return;
      }
      fileName = info.filename || fileName;
      stored = storeUpload(stream, env.MAX_UPLOAD_BYTES);
      // Stop reading the request as soon as the limit is hit instead of swallowing the rest.
      stored.catch(() => stream.resume());
    });
    bb.on("field", (name, value) => {
      if (name === "mapping") mappingJson = value;
    });
    bb.on("error", reject);
    bb.on("close", () => {
      if (!stored) return reject(new MissingFileError("No file received: attach the export in a field named \"file\"."));
      stored.then((upload) => resolve({ upload, fileName, mappingJson }), reject);
    });
    Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>).on("error", reject).pipe(bb);
  });
}
