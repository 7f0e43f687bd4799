import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { uploadsDir } from "../env";

export class UploadTooLargeError extends Error {
  constructor(public readonly limit: number) {
    super(`The file is larger than the upload limit of ${formatBytes(limit)}.`);
    this.name = "UploadTooLargeError";
  }
}

export interface StoredUpload {
  id: string;
  storedPath: string;
  sha256: string;
  size: number;
}

/**
 * A new import's id: 72 random bits in 12 URL- and file-name-safe characters. Every bounce and every
 * subscriber it brings carries it (in the table and in three indexes), so its length is written
 * millions of times: a 36-character UUID made a 1,000,000-row import ~3 s slower (measured,
 * scripts/bench/ingest-phases.ts). Older imports keep their UUIDs; ids are opaque everywhere.
 */
export function newImportId(): string {
  return crypto.randomBytes(9).toString("base64url");
}

/**
 * Streams an upload to data/uploads/<id>.upload, hashing as it goes; never buffers the whole file.
 * The user's file name is never part of the path. A partial file is removed on any failure.
 */
export async function storeUpload(body: ReadableStream<Uint8Array> | Readable, limit: number): Promise<StoredUpload> {
  const id = newImportId();
  const dir = uploadsDir();
  fs.mkdirSync(dir, { recursive: true });
  const storedPath = path.join(dir, `${id}.upload`);
  const hash = crypto.createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) return done(new UploadTooLargeError(limit));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const source = body instanceof Readable ? body : Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  // The source is piped by hand rather than put in the pipeline: on failure the pipeline would
  // destroy it, and a destroyed busboy file stream stalls the whole multipart request, so the
  // client never got its 413. Instead the rest of the source is read and discarded (nothing more
  // is written), and the caller answers as soon as this rejects.
  const onSourceError = (error: Error) => meter.destroy(error);
  source.on("error", onSourceError);
  source.pipe(meter);
  try {
    await pipeline(meter, fs.createWriteStream(storedPath));
  } catch (error) {
    source.unpipe(meter);
    source.off("error", onSourceError);
    source.on("error", () => {}); // whatever happens while draining is moot now
    source.resume();
    fs.rmSync(storedPath, { force: true });
    throw error;
  }
  source.off("error", onSourceError);
  return { id, storedPath, sha256: hash.digest("hex"), size };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 === 0 ? 0 : 1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
