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
 * Streams an upload to data/uploads/<id>.upload, hashing as it goes; never buffers the whole file.
 * The user's file name is never part of the path. A partial file is removed on any failure.
 */
export async function storeUpload(body: ReadableStream<Uint8Array> | Readable, limit: number): Promise<StoredUpload> {
  const id = crypto.randomUUID();
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
  try {
    await pipeline(source, meter, fs.createWriteStream(storedPath));
  } catch (error) {
    fs.rmSync(storedPath, { force: true });
    throw error;
  }
  return { id, storedPath, sha256: hash.digest("hex"), size };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 === 0 ? 0 : 1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
