/**
 * Opens an uploaded file as a stream of decoded text: checks that it is text at all, picks the
 * encoding from the first chunk and decodes chunk by chunk (never the whole file in memory).
 */
import fs from "node:fs";
import { ImportFileError } from "../errors";
import { partPathOf, readFileChunks } from "./growing-file";
import { detectEncoding, sniffBinary, StreamDecoder, type TextEncodingName } from "./encoding";

export interface TextSource {
  /** Encoding in use; may switch from utf-8 to windows-1252 if invalid bytes turn up later. */
  readonly encoding: TextEncodingName;
  readonly bom: boolean;
  /** Bytes read from disk so far. */
  readonly bytesRead: number;
  /** Size of the file in bytes when it was opened (0 for an upload still arriving). */
  readonly size: number;
  /** Decoded text, chunk by chunk (a chunk per read, unless splitReads). Single use. Stopping early closes the file. */
  chunks(): AsyncGenerator<string, void, undefined>;
  /**
   * From the next read on, gives each read's text in pieces of about `pieceBytes` bytes, each ending
   * just after a line feed (StreamDecoder.decodePieces): small strings that die young, where a
   * read's whole text (~1 MB) lived long enough to be promoted to the old generation.
   */
  splitReads(pieceBytes: number): void;
  /** Whether the last text given ended its read (false: more pieces of the same read follow). */
  readonly endOfRead: boolean;
  close(): void;
}

export interface OpenTextOptions {
  highWaterMark?: number;
}

const EMPTY_MESSAGE = "The file is empty. Export the bounces again and upload the new file.";

function unreadable(error: unknown): ImportFileError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const why =
    code === "ENOENT"
      ? "it no longer exists on the server"
      : code === "EISDIR"
        ? "it is a folder"
        : code === "EACCES" || code === "EPERM"
          ? "permission was denied"
          : ((error as Error)?.message ?? String(error));
  return new ImportFileError("unreadable", `The uploaded file could not be read (${why}).`);
}

/** An upload still arriving has no file at its path yet, only its part file (lib/csv/growing-file.ts): null. */
async function statUnlessUploading(path: string): Promise<fs.Stats | null> {
  try {
    return await fs.promises.stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    if (fs.existsSync(partPathOf(path))) return null;
    return fs.promises.stat(path); // renamed in between, or really missing
  }
}

const readFailure = (error: unknown) => (error instanceof ImportFileError ? error : unreadable(error));

export async function openTextSource(path: string, options: OpenTextOptions = {}): Promise<TextSource> {
  let size: number;
  try {
    const st = await statUnlessUploading(path);
    if (st?.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = st?.size ?? 0;
    if (st && size === 0) throw new ImportFileError("empty-file", EMPTY_MESSAGE);
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw unreadable(error);
  }

  const iterator = readFileChunks(path, { chunkBytes: options.highWaterMark ?? 1024 * 1024 });
  const close = () => void iterator.return(undefined).catch(() => {});
  let bytesRead = 0;
  let first: Buffer;
  try {
    const r = await iterator.next();
    first = r.done ? Buffer.alloc(0) : r.value;
  } catch (error) {
    close();
    throw readFailure(error);
  }
  bytesRead += first.length;
  if (first.length === 0) {
    close();
    throw new ImportFileError("empty-file", EMPTY_MESSAGE);
  }
  const binary = sniffBinary(first);
  if (binary) {
    close();
    throw new ImportFileError("not-text", binary);
  }
  const guess = detectEncoding(first);
  const decoder = new StreamDecoder(guess);
  let used = false;
  let pieceBytes = 0;
  let endOfRead = true;

  return {
    get encoding() {
      return decoder.encoding;
    },
    bom: guess.bom,
    get bytesRead() {
      return bytesRead;
    },
    get endOfRead() {
      return endOfRead;
    },
    splitReads(bytes: number) {
      pieceBytes = bytes;
    },
    size,
    close,
    async *chunks() {
      if (used) throw new Error("TextSource.chunks() can only be read once");
      used = true;
      try {
        yield decoder.decode(first);
        for (;;) {
          let r: IteratorResult<Buffer>;
          try {
            r = await iterator.next();
          } catch (error) {
            throw readFailure(error);
          }
          if (r.done) break;
          bytesRead += r.value.length;
          if (pieceBytes > 0) {
            for (const text of decoder.decodePieces(r.value, pieceBytes)) {
              endOfRead = decoder.lastPiece;
              if (text.length > 0) yield text;
            }
            continue;
          }
          const text = decoder.decode(r.value);
          if (text.length > 0) yield text;
        }
        const tail = decoder.end();
        endOfRead = true;
        if (tail.length > 0) yield tail;
      } finally {
        close();
      }
    },
  };
}
