import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { partPathOf } from "../../csv/growing-file";
import { uploadsDir } from "../../env";
import { formatBytes } from "../../format";

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
 * lib/ingest/bench/ingest-phases.ts). Older imports keep their UUIDs; ids are opaque everywhere.
 */
export function newImportId(): string {
  return crypto.randomBytes(9).toString("base64url");
}

export interface StoreUploadHooks {
  /**
   * Called once the (still empty) part file exists, before any byte is written: the import may start
   * reading it from then on (lib/csv/growing-file.ts). The upload waits for this to settle before it
   * completes, and fails if it rejects.
   */
  onStart?: (started: { id: string; storedPath: string }) => Promise<void>;
  /** Called with the whole upload on disk, just before it is marked complete (renamed): a reader can finish from then on. */
  beforeComplete?: (upload: StoredUpload) => Promise<void>;
  /** Aborting fails the upload with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Streams an upload to data/uploads/<id>.upload, hashing as it goes; never buffers the whole file.
 * The user's file name is never part of the path. The bytes go to `<id>.upload.part`, renamed once
 * the last one is on disk, so that an import can read the upload while it arrives and knows when it
 * is complete; the part file is removed on any failure.
 */
export async function storeUpload(body: ReadableStream<Uint8Array> | Readable, limit: number, hooks: StoreUploadHooks = {}): Promise<StoredUpload> {
  const id = newImportId();
  const dir = uploadsDir();
  fs.mkdirSync(dir, { recursive: true });
  const storedPath = path.join(dir, `${id}.upload`);
  const part = partPathOf(storedPath);
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
  const onAbort = () => meter.destroy(hooks.signal?.reason instanceof Error ? hooks.signal.reason : new Error("The upload was aborted."));
  // Created here, before anyone is told about the upload: a reader must never find neither file.
  const fd = fs.openSync(part, "wx");
  partFilesInFlight().add(part);
  source.on("error", onSourceError);
  hooks.signal?.addEventListener("abort", onAbort, { once: true });
  source.pipe(meter);
  const started = hooks.onStart?.({ id, storedPath });
  // A failed start fails the upload at once; otherwise it is awaited with the last byte.
  started?.catch((error: unknown) => meter.destroy(error instanceof Error ? error : new Error(String(error))));
  try {
    await pipeline(meter, fs.createWriteStream(part, { fd }));
    await started;
    const upload = { id, storedPath, sha256: hash.digest("hex"), size };
    await hooks.beforeComplete?.(upload);
    fs.renameSync(part, storedPath);
    return upload;
  } catch (error) {
    source.unpipe(meter);
    source.off("error", onSourceError);
    source.on("error", () => {}); // whatever happens while draining is moot now
    source.resume();
    fs.rmSync(part, { force: true });
    // Whoever was told about the upload hears of its failure after the start's work is done.
    await started?.catch(() => {});
    throw error;
  } finally {
    partFilesInFlight().delete(part);
    hooks.signal?.removeEventListener("abort", onAbort);
    source.off("error", onSourceError);
  }
}

/**
 * Part files of the uploads this process is receiving. Any other part file is the remains of an
 * upload cut off by a crash or restart (lib/ingest/queue/queue.ts removes them). Kept on globalThis: the
 * upload route and the queue may be loaded as separate module instances.
 */
export function partFilesInFlight(): Set<string> {
  const g = globalThis as unknown as { reboundUploadsInFlight?: Set<string> };
  return (g.reboundUploadsInFlight ??= new Set());
}
