/**
 * Opens an upload of bounce emails (an mbox, a single .eml, either gzipped; a zip of them arrives
 * here unpacked into one mbox by ../archive.ts) and streams its rows message by message. The file
 * is recognised by its content; a file that is no mailbox gives null, for the other readers.
 */
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { readFileChunks, readHead } from "../../csv/growing-file";
import { type BounceRows, ImportFileError, type MappedRow } from "../types";
import { isGzip, isOutlookMsg, OUTLOOK_MSG_REFUSAL, sniffMail, type MailKind } from "./detect";
import { readMailMessage } from "./message";
import { MAX_MESSAGE_BYTES, MboxSplitter, type SplitMessage } from "./mbox";

export const MAIL_FORMAT = "mail";
/** The "From " line ../archive.ts writes before each message of a zip, naming the file it came from. */
export const MEMBER_SEPARATOR = "From rebound-member ";

const HEAD_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** A gzipped mailbox may unpack to this much; more is a bomb, or not a mailbox to upload whole. */
const MAX_GUNZIPPED = 8 * 1024 ** 3;

/** What the first bytes of the file are, decompressing a gzip's first block when need be. */
function sniff(head: Buffer): { kind: MailKind; gzip: boolean } | null {
  if (!isGzip(head)) {
    const kind = sniffMail(head);
    return kind ? { kind, gzip: false } : null;
  }
  let inflated: Buffer;
  try {
    // A partial stream: flush what the first bytes give; 4 KB in cannot give more than ~4 MB out.
    inflated = zlib.gunzipSync(head.subarray(0, 4096), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
  const kind = sniffMail(inflated.subarray(0, HEAD_BYTES));
  return kind ? { kind, gzip: true } : null;
}

function label(kind: MailKind, gzip: boolean, fromZip: boolean): string {
  if (fromZip) return "Bounce emails (zip of messages)";
  const what = kind === "mbox" ? "Bounce emails (mbox)" : "Bounce email (.eml)";
  return gzip ? `${what}, gzipped` : what;
}

/**
 * The upload's rows when it is a mailbox, else null. Throws ImportFileError when it is a mailbox
 * with no message in it.
 */
export async function openMailRows(path: string, sink: (row: MappedRow) => void): Promise<BounceRows | null> {
  const head = await readHead(path, HEAD_BYTES).catch(() => Buffer.alloc(0));
  if (head.length === 0) return null;
  if (isOutlookMsg(head)) throw new ImportFileError("not-text", OUTLOOK_MSG_REFUSAL);
  const found = sniff(head);
  if (!found) return null;

  let rawBytes = 0;
  const raw = (async function* () {
    for await (const chunk of readFileChunks(path, { chunkBytes: CHUNK_BYTES })) {
      rawBytes += chunk.length;
      yield chunk;
    }
  })();
  const source = found.gzip ? Readable.from(raw).pipe(zlib.createGunzip({ chunkSize: 256 * 1024 })) : Readable.from(raw);
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let unpacked = 0;

  const waiting: SplitMessage[] = [];
  const lone: { parts: Buffer[]; size: number; cut: boolean } | null = found.kind === "message" ? { parts: [], size: 0, cut: false } : null;
  const splitter = new MboxSplitter((m) => waiting.push(m));
  let messageNo = 0;
  let done = false;

  const readMessages = async () => {
    while (waiting.length > 0) {
      const m = waiting.shift()!;
      messageNo++;
      const file = m.separator.startsWith(MEMBER_SEPARATOR) ? decodeURIComponent(m.separator.slice(MEMBER_SEPARATOR.length)) : null;
      for (const row of await readMailMessage({ bytes: m.bytes, messageNo, file, cut: m.cut })) sink(row);
    }
  };

  const pull = async (): Promise<boolean> => {
    if (done) return false;
    let r: IteratorResult<Buffer>;
    try {
      r = await chunks.next();
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new ImportFileError("unreadable", `The gzip file is damaged after message ${messageNo} (${why}). Compress the mailbox again and upload it.`);
    }
    if (r.done) {
      done = true;
      if (lone) waiting.push({ bytes: Buffer.concat(lone.parts, lone.size), separator: "", cut: lone.cut });
      else splitter.end();
    } else {
      unpacked += r.value.length;
      if (unpacked > MAX_GUNZIPPED) {
        throw new ImportFileError("unreadable", `The gzip file unpacks to more than 8 GB (after message ${messageNo}). Upload the mailbox in smaller parts.`);
      }
      if (lone) {
        // A lone message keeps its first MAX_MESSAGE_BYTES: where its report and reply are.
        const room = MAX_MESSAGE_BYTES - lone.size;
        if (room > 0) {
          const kept = r.value.length > room ? r.value.subarray(0, room) : r.value;
          lone.parts.push(Buffer.from(kept));
          lone.size += kept.length;
        }
        if (r.value.length > room) lone.cut = true;
      } else splitter.push(r.value);
    }
    await readMessages();
    return !done;
  };

  const close = async () => {
    done = true;
    await chunks.return?.();
    source.destroy();
  };

  try {
    // The first message is read before the file counts as opened: a mailbox of nothing fails whole.
    while (messageNo === 0 && (await pull())) {
      // keep reading
    }
    if (messageNo === 0) throw new ImportFileError("no-rows", "The mailbox holds no messages. Export the bounce emails again and upload the new file.");
  } catch (error) {
    await close();
    throw error;
  }
  return {
    format: MAIL_FORMAT,
    formatLabel: label(found.kind, found.gzip, head.includes(MEMBER_SEPARATOR) && head.toString("latin1").trimStart().startsWith(MEMBER_SEPARATOR)),
    header: [],
    dateColumn: "Date",
    get bytesRead() {
      return rawBytes;
    },
    pull,
    close,
  };
}
