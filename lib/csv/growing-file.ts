/**
 * Reading an upload while it is still arriving. lib/ingest/upload/store.ts writes an upload to
 * `<path>.part` and renames it to `<path>` once the last byte is on disk, or removes the part file
 * when the upload fails. So the file system alone tells a reader in any thread where the upload
 * stands: `<path>` exists, complete; only `<path>.part`, still arriving; neither, gone. An import can
 * then start with the first megabytes instead of waiting for the whole file.
 */
import fs from "node:fs";
import { ImportFileError } from "../errors";

const PART_SUFFIX = ".part";

/** Where an upload is written until it is complete. */
export function partPathOf(path: string): string {
  return path + PART_SUFFIX;
}

/** The stored path of an upload from its part file's name, or null for any other file. */
export function completePathOf(part: string): string | null {
  return part.endsWith(PART_SUFFIX) ? part.slice(0, -PART_SUFFIX.length) : null;
}

export interface GrowingReadOptions {
  chunkBytes: number;
  /** How often to look again while the reader waits for the upload (ms). */
  pollMs?: number;
  /**
   * An upload whose part file does not grow for this long is given up (ms). The upload route fails
   * and removes a broken upload itself; this only keeps a request that hangs forever from holding
   * the import queue forever.
   */
  stallMs?: number;
}

export const INCOMPLETE_UPLOAD_MESSAGE =
  "The upload of this file did not finish (it was interrupted, refused or the server stopped), so nothing from it was kept. Upload the file again.";

const exists = (p: string) => fs.existsSync(p);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The file's bytes in chunks of `chunkBytes` (the last one shorter), whether it is complete or still
 * uploading; for an upload, it waits for each full chunk (so that the first one is enough to sniff
 * the encoding and layout) and ends once the upload is complete. Throws ENOENT (as fs does) when
 * neither file exists, and ImportFileError("upload-incomplete") when the upload fails or stalls.
 */
export async function* readFileChunks(path: string, options: GrowingReadOptions): AsyncGenerator<Buffer, void, undefined> {
  const { chunkBytes, pollMs = 20, stallMs = 120_000 } = options;
  const part = partPathOf(path);
  const { handle, complete: openedComplete } = await openEither(path, part);
  let complete = openedComplete;
  let position = 0;
  let seenSize = 0;
  let lastGrowth = Date.now();
  try {
    for (;;) {
      if (!complete) {
        const size = (await handle.stat()).size;
        if (size > seenSize) {
          seenSize = size;
          lastGrowth = Date.now();
        }
        if (size - position < chunkBytes) {
          // The part file first: the rename may happen between the two looks, and a part file gone
          // with no file at `path` either is a failed upload. The rename comes after the last write
          // is closed, so once it happened what the handle holds is the whole upload (same inode).
          if (exists(part)) {
            if (Date.now() - lastGrowth > stallMs) throw new ImportFileError("upload-incomplete", INCOMPLETE_UPLOAD_MESSAGE);
            await sleep(pollMs);
            continue;
          }
          if (!exists(path)) throw new ImportFileError("upload-incomplete", INCOMPLETE_UPLOAD_MESSAGE);
          complete = true;
        }
      }
      const buffer = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
      if (bytesRead === 0) {
        if (complete) return;
        continue;
      }
      position += bytesRead;
      yield bytesRead === chunkBytes ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function openEither(path: string, part: string): Promise<{ handle: fs.promises.FileHandle; complete: boolean }> {
  try {
    return { handle: await fs.promises.open(path, "r"), complete: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  try {
    return { handle: await fs.promises.open(part, "r"), complete: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  // Renamed between the two tries.
  return { handle: await fs.promises.open(path, "r"), complete: true };
}

/**
 * Waits until the upload at `path` is complete (renamed from its part file). Throws
 * ImportFileError("upload-incomplete") when it fails or stops growing for `stallMs`. For readers
 * that need the whole file before they start (a zip's directory is at its end).
 */
export async function waitForUpload(path: string, options: { pollMs?: number; stallMs?: number } = {}): Promise<void> {
  const { pollMs = 50, stallMs = 120_000 } = options;
  const part = partPathOf(path);
  let seen = -1;
  let lastGrowth = Date.now();
  for (;;) {
    if (exists(path)) return;
    let size: number;
    try {
      size = fs.statSync(part).size;
    } catch {
      if (exists(path)) return; // renamed in between
      throw new ImportFileError("upload-incomplete", INCOMPLETE_UPLOAD_MESSAGE);
    }
    if (size > seen) {
      seen = size;
      lastGrowth = Date.now();
    } else if (Date.now() - lastGrowth > stallMs) throw new ImportFileError("upload-incomplete", INCOMPLETE_UPLOAD_MESSAGE);
    await sleep(pollMs);
  }
}

/** The first `bytes` bytes of a file, waiting for them while it uploads (fewer when the file is shorter). */
export async function readHead(path: string, bytes: number): Promise<Buffer> {
  const chunks = readFileChunks(path, { chunkBytes: bytes });
  try {
    const first = await chunks.next();
    return first.done ? Buffer.alloc(0) : first.value;
  } finally {
    await chunks.return(undefined);
  }
}
