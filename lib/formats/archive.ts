/**
 * Zip uploads (Mailchimp exports an audience as one zip of three CSVs): Rebound finds the one member
 * that is a bounce export, unpacks it beside the upload and imports that, and says which files it
 * left out and why. A zip is recognised by its content (the "PK" signature), not its name.
 *
 * Read with yauzl: it reads the central directory from disk (the zip is never held in memory),
 * inflates with Node's zlib, and fails a member that inflates to more than its declared size. With
 * caps on the number of entries and on each declared size, a zip bomb stops at the caps.
 */
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { inspectBounceFile, type FileVerdict } from "./open";
import { MAX_MESSAGE_BYTES } from "./mail/mbox";
import { isOutlookMsg, mailKindOf, mayBeMail, mboxEntry } from "./mail/zip-members";
import { ImportFileError } from "./types";

export interface ArchiveLimits {
  /** Entries a zip may list. */
  maxEntries: number;
  /** Bytes one member may unpack to. */
  maxMemberBytes: number;
  /** Bytes all the reading of one zip may unpack, peeks included. */
  maxTotalBytes: number;
  /** Bytes read from a CSV member to tell what it is. */
  peekBytes: number;
  /** Bytes read from a JSON member to tell what it is (its first value, an API page, must fit). */
  jsonPeekBytes: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 1000,
  maxMemberBytes: 4 * 1024 ** 3,
  maxTotalBytes: 5 * 1024 ** 3,
  peekBytes: 256 * 1024,
  jsonPeekBytes: 64 * 1024 ** 2,
};

export interface ArchiveContents {
  /** The member imported, as named in the zip. */
  member: string;
  /** Its unpacked size in bytes (for the import's progress). */
  size: number;
  ignored: { name: string; reason: string }[];
}

const ZIP_SIGNATURES = ["PK\x03\x04", "PK\x05\x06"];
const READABLE = /\.(csv|txt|tsv|json|jsonl|ndjson)$/i;
const JSON_NAME = /\.(json|jsonl|ndjson)$/i;

/** True when these first bytes start a zip file. */
export function isZip(head: Buffer): boolean {
  const s = head.subarray(0, 4).toString("latin1");
  return ZIP_SIGNATURES.includes(s);
}

/** Where an upload's chosen member is unpacked. */
export function memberPathOf(storedPath: string): string {
  return storedPath + ".member";
}

const notImportable = (message: string) => new ImportFileError("nothing-to-import", message);

/** Folders, macOS resource forks and hidden files: not part of any export, not worth a word. */
function isClutter(name: string): boolean {
  return name.endsWith("/") || name.startsWith("__MACOSX/") || /(^|\/)\./.test(name);
}

/** .xlsx and .ods files are zips too: their parts name them. */
function isSpreadsheet(entries: Entry[]): boolean {
  return entries.some((e) => e.fileName === "xl/workbook.xml" || e.fileName === "content.xml" || e.fileName === "[Content_Types].xml");
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  );
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on("entry", (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", reject);
    zip.readEntry();
  });
}

function readStream(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
}

/** The member's first `limit` bytes (all of it when shorter), then stops inflating it. */
async function peekMember(zip: ZipFile, entry: Entry, limit: number): Promise<Buffer> {
  const stream = (await readStream(zip, entry)) as NodeJS.ReadableStream & { destroy(): void };
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const finish = () => resolve(Buffer.concat(chunks).subarray(0, limit));
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes >= limit) {
        stream.removeAllListeners();
        stream.on("error", () => {});
        stream.destroy();
        finish();
      }
    });
    stream.on("end", finish);
    stream.on("error", reject);
  });
}

/** Unpacks a member to `out`; more than `limit` bytes is an error (yauzl also holds it to its declared size). */
async function unpackMember(zip: ZipFile, entry: Entry, out: string, limit: number, flags = "w"): Promise<number> {
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > limit ? new Error(`${entry.fileName} unpacks to more than ${formatGb(limit)}`) : null, chunk);
    },
  });
  await pipeline(await readStream(zip, entry), count, fs.createWriteStream(out, { flags }));
  return bytes;
}

function describeVerdict(verdict: FileVerdict): string {
  if (verdict.kind === "refused") return verdict.what;
  if (verdict.kind === "unknown-layout") return "columns Rebound does not recognise";
  return verdict.formatLabel;
}

/**
 * Unpacks the zip's one bounce export to memberPathOf(storedPath). Throws ImportFileError when the zip
 * cannot be read, is too big, or holds no bounce export (or several: they are imported one at a time).
 */
export async function unpackArchive(storedPath: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<ArchiveContents> {
  let zip: ZipFile;
  try {
    zip = await openZip(storedPath);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportFileError(
      "not-text",
      `This looks like an Excel or zip file, but it cannot be opened as a zip (${why}). If it is a spreadsheet, save it as CSV (comma or semicolon separated); if it is a platform's export, download it again.`,
    );
  }
  const out = memberPathOf(storedPath);
  const peek = out + ".peek";
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw notImportable(`The zip lists ${zip.entryCount} files, more than the ${limits.maxEntries} Rebound opens. Upload the bounce export itself.`);
    }
    const entries = (await listEntries(zip)).filter((e) => !isClutter(e.fileName));
    if (isSpreadsheet(entries)) {
      throw new ImportFileError(
        "not-text",
        "This is a spreadsheet workbook (Excel or OpenDocument), not a CSV. Open it in your spreadsheet, save it as CSV (comma or semicolon separated) and upload that.",
      );
    }
    const ignored: ArchiveContents["ignored"] = [];
    const found: { entry: Entry; verdict: FileVerdict }[] = [];
    // Bounce emails (Maildir files, .eml, an .mbox): imported together, as one mailbox.
    const mail: { entry: Entry; kind: "mbox" | "message" }[] = [];
    let unpacked = 0;
    const budget = (bytes: number) => {
      unpacked += bytes;
      if (unpacked > limits.maxTotalBytes)
        throw notImportable(`The zip unpacks to more than ${formatGb(limits.maxTotalBytes)}. Upload the bounce export itself.`);
    };
    for (const entry of entries) {
      const name = entry.fileName;
      if (/\.zip$/i.test(name)) ignored.push({ name, reason: "a zip inside the zip is not opened" });
      else if (!READABLE.test(name) && mayBeMail(name) && !entry.isEncrypted()) {
        const head = await peekMember(zip, entry, 64 * 1024);
        budget(head.length);
        const kind = mailKindOf(head);
        if (kind) mail.push({ entry, kind });
        else ignored.push({ name, reason: isOutlookMsg(head) ? "an Outlook .msg message, not read: save it as .eml" : "not an email, a CSV or a JSON file" });
      } else if (!READABLE.test(name)) ignored.push({ name, reason: "not a CSV or JSON file" });
      else if (entry.isEncrypted()) ignored.push({ name, reason: "encrypted" });
      else if (entry.uncompressedSize > limits.maxMemberBytes) ignored.push({ name, reason: `unpacks to more than ${formatGb(limits.maxMemberBytes)}` });
      else {
        // A CSV's first rows tell what it is; a JSON file's first value (an API page: bigger).
        const head = await peekMember(zip, entry, JSON_NAME.test(name) ? limits.jsonPeekBytes : limits.peekBytes);
        budget(head.length);
        fs.writeFileSync(peek, head);
        const verdict = await inspectBounceFile(peek);
        if (verdict.kind === "refused") ignored.push({ name, reason: verdict.what });
        else found.push({ entry, verdict });
      }
    }
    const bounces = found.filter((f) => f.verdict.kind === "bounces");
    if (mail.length > 0) {
      if (bounces.length > 0) {
        // One import is one export (its counts, skip reasons, rejected rows, rollback): not two at once.
        const names = bounces.map((b) => b.entry.fileName).join(", ");
        throw notImportable(
          `The zip mixes ${mail.length} bounce email${mail.length === 1 ? "" : "s"} with a bounce export (${names}); an import reads one or the other. Upload ${names} on its own, then the zip without it.`,
        );
      }
      for (const f of found) ignored.push({ name: f.entry.fileName, reason: describeVerdict(f.verdict) });
      const size = await writeMailbox(zip, mail, out, limits, budget);
      return { member: `${mail.length} email${mail.length === 1 ? "" : "s"}`, size, ignored };
    }
    const chosen = bounces.length > 0 ? bounces : found;
    if (chosen.length === 0) {
      const what = ignored.length > 0 ? ignored.map((i) => `${i.name} (${i.reason})`).join("; ") : "no files";
      throw notImportable(`The zip holds no bounce export: ${what}. Upload the file with the bounces (for Mailchimp, the cleaned contacts).`);
    }
    if (chosen.length > 1) {
      throw notImportable(`The zip holds several files to import (${chosen.map((c) => c.entry.fileName).join(", ")}). Upload them one at a time.`);
    }
    for (const f of found) if (f !== chosen[0]) ignored.push({ name: f.entry.fileName, reason: describeVerdict(f.verdict) });
    const member = chosen[0].entry;
    budget(member.uncompressedSize);
    const size = await unpackMember(zip, member, out, limits.maxMemberBytes);
    return { member: member.fileName, size, ignored };
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(
      "unreadable",
      `The zip file could not be unpacked (${error instanceof Error ? error.message : String(error)}). Download the export again.`,
    );
  } finally {
    zip.close();
    fs.rmSync(peek, { force: true });
  }
}

/**
 * Writes the zip's emails into one mbox at `out`, in the zip's order: each lone message (its first
 * MAX_MESSAGE_BYTES, all the reader keeps) behind a "From " line naming its file; an .mbox as it is.
 */
async function writeMailbox(
  zip: ZipFile,
  mail: { entry: Entry; kind: "mbox" | "message" }[],
  out: string,
  limits: ArchiveLimits,
  budget: (bytes: number) => void,
): Promise<number> {
  fs.writeFileSync(out, "");
  let size = 0;
  for (const { entry, kind } of mail) {
    if (kind === "mbox") {
      // Streamed: an mbox in a zip may be large, and is never held whole.
      budget(entry.uncompressedSize);
      size += await unpackMember(zip, entry, out, limits.maxMemberBytes, "a");
      fs.appendFileSync(out, "\n");
      size += 1;
      continue;
    }
    const message = await peekMember(zip, entry, MAX_MESSAGE_BYTES);
    budget(message.length);
    const block = mboxEntry(entry.fileName, message);
    fs.appendFileSync(out, block);
    size += block.length;
  }
  return size;
}

function formatGb(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${Math.round(bytes / 1024 ** 3)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}
