/**
 * Entry point of the import pipeline: opens an uploaded bounce export, recognises its layout and
 * streams mapped rows in batches.
 *
 * Everything that makes the whole file unusable (empty, binary, header only, unknown layout) is
 * thrown as ImportFileError before the first batch, so an import never stops half-way for those
 * reasons: the header and the first data rows are read ("peeked") before openBounceFile returns.
 */
import { CsvParser } from "../csv/parser";
import { sniffDelimiter, type Delimiter } from "../csv/sniff";
import { openTextSource, type TextSource } from "../csv/source";
import type { TextEncodingName } from "../csv/encoding";
import { detectEventReader, EVENT_READERS, type EventReader } from "./events";
import type { BounceFormat, RowMapper } from "./format";
import { contactListReason } from "./generic";
import { JsonValueSplitter } from "./json-values";
import { openMailRows } from "./mail/open-mail";
import { createMappedFormat, missingMappedColumns } from "./mapped";
import { refuseNotBounces } from "./not-bounces";
import { reject } from "./record";
import { detectFormat } from "./registry";
import { type BounceRows, type ColumnMapping, ImportFileError, type MappedRow, type OpenedFile, type RowBatch, type RowSink } from "./types";

export interface OpenBounceFileOptions {
  mapping?: ColumnMapping;
  /** Mapped rows per batch (default 5000). */
  batchSize?: number;
}

export interface BounceFilePreview {
  header: string[];
  /** First data rows as written (up to 10). For JSON files: the first bounces, one value per header column. */
  rows: string[][];
  /** Format id ("powermta", "generic", …) or null when the layout is not recognised. */
  detectedFormat: string | null;
  detectedFormatLabel: string | null;
  /** null for JSON files. */
  delimiter: Delimiter | null;
  encoding: TextEncodingName;
}

const DEFAULT_BATCH_SIZE = 5000;
/** Enough text to sniff the delimiter; the first read is ~1 MB anyway. */
const SAMPLE_CHARS = 64 * 1024;
const UNKNOWN_PREVIEW_ROWS = 5;
const PREVIEW_ROWS = 10;
/** Shown as the "header" of a JSON file, and the columns of its preview rows. */
const JSON_HEADER = ["email", "date", "status", "reply code", "diagnostic", "remote MTA", "category"];
const BLANK_MESSAGE = "The file contains only blank lines. Export the bounces again and upload the new file.";

type PeekItem = { fields: string[]; line: number; raw: string } | { row: MappedRow };
type JsonPeek = { text: string; line: number } | { row: MappedRow };

/** A text stream with a parser attached; `pull` feeds it the next chunk. */
interface Feed {
  source: TextSource;
  pull(): Promise<boolean>;
  close(): Promise<void>;
}

function cleanHeaderCell(cell: string): string {
  let c = cell.trim();
  if (c.charCodeAt(0) === 0xfeff) c = c.slice(1).trim();
  return c;
}

function noRows(header: string[]): ImportFileError {
  const cols = header.length > 8 ? header.slice(0, 8).join(", ") + ", …" : header.join(", ");
  return new ImportFileError(
    "no-rows",
    `The file has column names (${cols}) but no rows of data. Check that you exported the bounces and not just an empty template.`,
  );
}

function unknownLayout(header: string[], rows: string[][]): ImportFileError {
  const contactList = contactListReason(header);
  if (contactList) return new ImportFileError("unknown-layout", contactList, { header, rows });
  const cols = header.length > 12 ? header.slice(0, 12).join(", ") + ", …" : header.join(", ");
  return new ImportFileError(
    "unknown-layout",
    `Rebound does not recognise this layout: no column holds the email address (columns found: ${cols}). Choose which column holds what to import it.`,
    { header, rows },
  );
}

interface Sample {
  chunks: AsyncGenerator<string, void, undefined>;
  /** Decoded text read so far (at least SAMPLE_CHARS unless the file is shorter). */
  sample: string;
  /** The whole file is in `sample`. */
  done: boolean;
}

async function readSample(source: TextSource): Promise<Sample> {
  const chunks = source.chunks();
  let sample = "";
  let done = false;
  // Keep reading while the text so far is blank: a file of leading blank lines is still a file.
  while (!done && (sample.length < SAMPLE_CHARS || sample.trim().length === 0)) {
    const r = await chunks.next();
    if (r.done) done = true;
    else sample += r.value;
    if (sample.length > 64 * 1024 * 1024 && sample.trim().length === 0) break;
  }
  if (sample.trim().length === 0) throw new ImportFileError("empty-file", BLANK_MESSAGE);
  return { chunks, sample, done };
}

/** JSON files start with an object or an array; no CSV header does. */
function isJson(sample: string): boolean {
  const c = firstNonBlank(sample);
  return c === "{" || c === "[";
}

function firstNonBlank(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c !== 0xfeff) return text[i];
  }
  return "";
}

/**
 * CSV text goes to the parser in pieces of about this many bytes or characters, each ending just
 * after a line feed: later reads are decoded that way (TextSource.splitReads), and the text already
 * read to sniff the layout is cut that way. A 1 MB read holds ~4,000 rows; handed over whole, all of
 * them were mapped before the next batch could leave, and V8, seeing thousands of freshly made rows
 * survive a collection, began allocating every later row straight in the old generation (allocation-
 * site pretenuring), which then filled and had to be collected every few thousand rows. In pieces,
 * rows leave (and die) in small groups. Every piece of a read reports the same bytesRead, so batches
 * do not change; and the parser decides the same whether or not its text is cut just after a line
 * feed (not so after a quote, or between CR and LF).
 */
const CSV_PIECE = 32 * 1024;

function makeFeed(
  source: TextSource,
  chunks: AsyncGenerator<string, void, undefined>,
  sink: { push(text: string, endOfRead?: boolean): void; end(): void },
  alreadyDone: boolean,
  /** Text already read, given to the sink (in pieces of CSV_PIECE characters) before any other. */
  first = "",
): Feed {
  let done = alreadyDone;
  if (done) sink.end();
  let rest = first;
  const pushPiece = () => {
    const cut = rest.length > CSV_PIECE ? rest.indexOf("\n", CSV_PIECE - 1) + 1 : 0;
    if (cut === 0 || cut === rest.length) {
      sink.push(rest, true);
      rest = "";
    } else {
      // Slices share the text's memory: no copy.
      sink.push(rest.slice(0, cut), false);
      rest = rest.slice(cut);
    }
  };
  return {
    source,
    async pull() {
      if (rest.length > 0) {
        pushPiece();
        return true;
      }
      if (done) return false;
      const r = await chunks.next();
      if (r.done) {
        done = true;
        sink.end();
      } else sink.push(r.value, source.endOfRead);
      return true;
    },
    async close() {
      await chunks.return(undefined);
      source.close();
    },
  };
}

/** Cuts mapped rows into batches; the last, shorter batch only when the file is finished. */
function* drain(state: { out: MappedRow[] }, batchSize: number, final: boolean, bytesRead: () => number): Generator<RowBatch> {
  const out = state.out;
  if (out.length === 0 || (out.length < batchSize && !final)) return;
  let i = 0;
  while (out.length - i >= batchSize) {
    yield { rows: out.slice(i, i + batchSize), bytesRead: bytesRead() };
    i += batchSize;
  }
  if (final && i < out.length) {
    yield { rows: out.slice(i), bytesRead: bytesRead() };
    i = out.length;
  }
  state.out = out.slice(i);
}

// ---------------------------------------------------------------------------------------------
// CSV

interface CsvStart {
  feed: Feed;
  delimiter: Delimiter;
  header: string[];
  peek: PeekItem[];
  /** Maps the rows read so far into `sink`, and from now on every row as it is parsed. */
  startMapping(mapper: RowMapper, sink: RowSink): void;
}

/** The CSV delimiter: named by Excel's "sep=;" first line (not the header) when there is one, else sniffed. */
function delimiterOf(sample: string, done: boolean): { delimiter: Delimiter; sepLine: boolean } {
  const sep = /^\uFEFF?sep=([,;\t|])[ \t]*\r?\n/i.exec(sample);
  return sep ? { delimiter: sep[1] as Delimiter, sepLine: true } : { delimiter: sniffDelimiter(sample, done), sepLine: false };
}

/** Pulls text into the parser until `enough` (or the file ends). */
async function readAhead(feed: Feed, enough: () => boolean): Promise<void> {
  while (!enough() && (await feed.pull())) {
    // each pull parses one more piece
  }
}

async function startCsv(source: TextSource, start: Sample, peekRows: number): Promise<CsvStart> {
  const { chunks, sample, done } = start;
  const { delimiter, sepLine } = delimiterOf(sample, done);
  let skipSepLine = sepLine;
  let header: string[] | null = null;
  const peek: PeekItem[] = [];
  let mapper: RowMapper | null = null;
  let sink: RowSink = () => {};

  const parser: CsvParser = new CsvParser(
    {
      record(fields, line) {
        if (skipSepLine) skipSepLine = false;
        else if (header === null) header = fields.map(cleanHeaderCell);
        else if (mapper) {
          const row = mapper(fields, line);
          // The mapper only sees fields; show the user the line as it is in their file.
          if (row.kind === "reject") row.raw = parser.currentRecordText();
          sink(row);
        } else peek.push({ fields, line, raw: parser.currentRecordText() });
      },
      bad(b) {
        if (header === null) {
          throw new ImportFileError(
            "unreadable",
            `The first line of the file (the column names) has a quote that is never closed (line ${b.line}, column ${b.column}). Fix that line and upload the file again.`,
          );
        }
        const row = reject(b.line, b.reason, null, b.raw);
        if (mapper) sink(row);
        else peek.push({ row });
      },
    },
    { delimiter },
  );
  source.splitReads(CSV_PIECE);
  const feed = makeFeed(source, chunks, parser, false, sample);
  // The header and the first rows (the rest of the sample is parsed with the rows after it, once their format is known).
  await readAhead(feed, () => header !== null && peek.length >= peekRows);
  if (header === null) throw new ImportFileError("empty-file", BLANK_MESSAGE);
  return {
    feed,
    delimiter,
    header,
    peek,
    startMapping(m, to) {
      for (const item of peek) {
        if ("row" in item) to(item.row);
        else {
          const row = m(item.fields, item.line);
          if (row.kind === "reject") row.raw = item.raw;
          to(row);
        }
      }
      peek.length = 0;
      mapper = m;
      sink = to;
    },
  };
}

function peekRowsAsText(peek: PeekItem[], max: number): string[][] {
  const rows: string[][] = [];
  for (const item of peek) {
    if (rows.length >= max) break;
    rows.push("fields" in item ? item.fields : [item.row.kind === "reject" ? item.row.raw : ""]);
  }
  return rows;
}

function chooseCsvFormat(start: CsvStart, mapping: ColumnMapping | undefined): BounceFormat {
  const { header, peek } = start;
  const preview = () => peekRowsAsText(peek, UNKNOWN_PREVIEW_ROWS);
  if (mapping) {
    const missing = missingMappedColumns(mapping, header);
    if (missing.length > 0) {
      throw new ImportFileError(
        "unknown-layout",
        `The column mapping does not fit this file: ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length === 1 ? "is" : "are"} not among its columns (${header.join(", ")}). Choose the columns again.`,
        { header, rows: preview() },
      );
    }
    return createMappedFormat(mapping);
  }
  const refusal = refuseNotBounces(header);
  if (refusal) throw refusal;
  const detected = detectFormat(header);
  if (!detected) throw unknownLayout(header, preview());
  return detected.format;
}

// ---------------------------------------------------------------------------------------------
// JSON (API exports and webhook payloads: lib/formats/events)

interface JsonStart {
  feed: Feed;
  peek: JsonPeek[];
  reader: EventReader;
  /** Maps the values read so far into `sink`, and from now on every one as it is read. */
  startMapping(sink: RowSink): void;
}

const JSON_LAYOUTS = EVENT_READERS.map((r) => r.label).join(", ");

/** One JSON value's rows; text that is not valid JSON is a rejected row, not an error. */
function mapJsonText(reader: EventReader, text: string, line: number): MappedRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return [reject(line, `not valid JSON (${why})`, null, text.length > 4000 ? text.slice(0, 4000) + "…" : text)];
  }
  return reader.read(value, line, text);
}

/** The first value that parses decides whose JSON this is. */
function detectJsonReader(peek: JsonPeek[]): EventReader {
  for (const item of peek) {
    if (!("text" in item)) continue;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch {
      continue;
    }
    const reader = detectEventReader(value);
    if (reader) return reader;
    throw new ImportFileError(
      "unknown-layout",
      `Rebound does not recognise this JSON. It reads: ${JSON_LAYOUTS}. Save the platform's API answer or webhook payload as it is, or export the bounces as CSV.`,
    );
  }
  throw new ImportFileError("unknown-layout", "This file starts like JSON but is not valid JSON. Export the bounces again, as CSV or as the platform's JSON.");
}

async function startJson(source: TextSource, start: Sample, peekValues: number): Promise<JsonStart> {
  const { chunks, sample, done } = start;
  const peek: JsonPeek[] = [];
  let sink: RowSink | null = null;
  let reader: EventReader | null = null;
  let values = 0;
  const splitter = new JsonValueSplitter({
    value(text, line) {
      if (sink && reader) for (const row of mapJsonText(reader, text, line)) sink(row);
      else {
        peek.push({ text, line });
        values++;
      }
    },
    bad(line, reason, raw) {
      const row = reject(line, reason, null, raw);
      if (sink) sink(row);
      else peek.push({ row });
    },
  });
  const feed = makeFeed(source, chunks, splitter, false);
  splitter.push(sample);
  if (done) await feed.pull();
  await readAhead(feed, () => values >= peekValues);
  if (peek.length === 0) {
    throw new ImportFileError("no-rows", "The JSON file contains no events or notifications.");
  }
  reader = detectJsonReader(peek);
  const chosen: EventReader = reader;
  return {
    feed,
    peek,
    reader: chosen,
    startMapping(to) {
      for (const item of peek) {
        if ("text" in item) for (const row of mapJsonText(chosen, item.text, item.line)) to(row);
        else to(item.row);
      }
      peek.length = 0;
      sink = to;
    },
  };
}

// ---------------------------------------------------------------------------------------------

function batchesOf(rows: BounceRows, state: { out: MappedRow[] }, batchSize: number): AsyncIterable<RowBatch> {
  const bytes = () => rows.bytesRead;
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          yield* drain(state, batchSize, false, bytes);
          if (!(await rows.pull())) break;
        }
        yield* drain(state, batchSize, true, bytes);
      } finally {
        await rows.close();
      }
    },
  };
}

/**
 * Opens a bounce export for import. Throws ImportFileError for whole-file problems before any rows
 * are produced; row problems come back as `reject` rows. Iterate `batches` to the end (or break out
 * of the loop) so the file is closed.
 */
export async function openBounceFile(path: string, options: OpenBounceFileOptions = {}): Promise<OpenedFile> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const state = { out: [] as MappedRow[] };
  const rows = await openBounceRows(path, options, (row) => state.out.push(row));
  return { format: rows.format, formatLabel: rows.formatLabel, header: rows.header, dateColumn: rows.dateColumn, batches: batchesOf(rows, state, batchSize) };
}

/** Receives mapped rows, one at a time, in file order. */
export type { BounceRows, RowSink } from "./types";

/**
 * openBounceFile without the batches: each row goes to `sink` as soon as it is mapped, those read
 * while opening the file first. For a caller that turns rows into something else right away (the
 * import's preparation), nothing holds mapped rows: in batches, each lived until its batch was
 * whole, and V8 moved thousands of them to the old generation, which then had to be collected.
 */
export async function openBounceRows(path: string, options: { mapping?: ColumnMapping }, sink: RowSink): Promise<BounceRows> {
  // Bounce emails (mbox, .eml, gzipped or not) are told by their first bytes; anything else is text.
  const mail = await openMailRows(path, sink);
  if (mail) return mail;
  const source = await openTextSource(path);
  let feed: Feed | null = null;
  try {
    const sample = await readSample(source);
    let format: string;
    let formatLabel: string;
    let header: string[];
    let dateColumn: string | null;
    if (isJson(sample.sample)) {
      const json = await startJson(source, sample, 1);
      feed = json.feed;
      json.startMapping(sink);
      [format, formatLabel, header, dateColumn] = [json.reader.id, json.reader.label, JSON_HEADER, json.reader.dateField];
    } else {
      const csv = await startCsv(source, sample, UNKNOWN_PREVIEW_ROWS);
      feed = csv.feed;
      if (csv.peek.length === 0) throw noRows(csv.header);
      const chosen = chooseCsvFormat(csv, options.mapping);
      const mapper = chosen.createMapper(csv.header);
      csv.startMapping(mapper, sink);
      [format, formatLabel, header, dateColumn] = [chosen.id, chosen.label, csv.header, mapper.dateColumn ?? null];
    }
    const opened = feed;
    return {
      format,
      formatLabel,
      header,
      dateColumn,
      get bytesRead() {
        return source.bytesRead;
      },
      pull: () => opened.pull(),
      close: () => opened.close(),
    };
  } catch (error) {
    if (feed) await feed.close();
    else source.close();
    throw error;
  }
}

/** Header, first rows and detected format, for the column-mapping screen. */
export async function previewBounceFile(path: string): Promise<BounceFilePreview> {
  const mapped: MappedRow[] = [];
  const mail = await openMailRows(path, (row) => mapped.push(row));
  if (mail) {
    await mail.close();
    return {
      header: JSON_HEADER,
      rows: previewRows(mapped),
      detectedFormat: mail.format,
      detectedFormatLabel: mail.formatLabel,
      delimiter: null,
      encoding: "utf-8",
    };
  }
  const source = await openTextSource(path);
  let feed: Feed | null = null;
  try {
    const sample = await readSample(source);
    if (isJson(sample.sample)) {
      const json = await startJson(source, sample, PREVIEW_ROWS);
      feed = json.feed;
      json.startMapping((row) => mapped.push(row));
      return {
        header: JSON_HEADER,
        rows: previewRows(mapped),
        detectedFormat: json.reader.id,
        detectedFormatLabel: json.reader.label,
        delimiter: null,
        encoding: source.encoding,
      };
    }
    const csv = await startCsv(source, sample, PREVIEW_ROWS);
    feed = csv.feed;
    if (csv.peek.length === 0) throw noRows(csv.header);
    const detected = detectFormat(csv.header);
    return {
      header: csv.header,
      rows: peekRowsAsText(csv.peek, PREVIEW_ROWS),
      detectedFormat: detected?.format.id ?? null,
      detectedFormatLabel: detected?.format.label ?? null,
      delimiter: csv.delimiter,
      encoding: source.encoding,
    };
  } finally {
    if (feed) await feed.close();
    else source.close();
  }
}

/** The first bounces of a file read as records (JSON, bounce emails), one value per JSON_HEADER column. */
function previewRows(mapped: MappedRow[]): string[][] {
  const rows: string[][] = [];
  for (const row of mapped) {
    if (rows.length >= PREVIEW_ROWS) break;
    if (row.kind !== "bounce") continue;
    const r = row.record;
    rows.push([
      r.email,
      r.occurredAt ? r.occurredAt.toISOString() : "",
      r.dsnStatus ?? "",
      r.replyCode !== null ? String(r.replyCode) : "",
      r.diagnostic ?? "",
      r.remoteMta ?? "",
      r.category ?? "",
    ]);
  }
  return rows;
}

/** What a file would import as, without importing it: a zip's members are chosen with this. */
export type FileVerdict =
  | { kind: "bounces"; formatLabel: string }
  /** Columns Rebound does not know: importable after the column-mapping step. */
  | { kind: "unknown-layout" }
  | { kind: "refused"; what: string };

const SHORT_REFUSALS: Partial<Record<ImportFileError["code"], string>> = {
  "empty-file": "empty",
  "not-text": "not a text file",
  "no-rows": "column names only, no rows",
  unreadable: "could not be read",
};

export async function inspectBounceFile(path: string): Promise<FileVerdict> {
  try {
    const rows = await openBounceRows(path, {}, () => {});
    await rows.close();
    return { kind: "bounces", formatLabel: rows.formatLabel };
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    if (error.code === "unknown-layout" && error.preview) return { kind: "unknown-layout" };
    return { kind: "refused", what: error.what ?? SHORT_REFUSALS[error.code] ?? "not a bounce export Rebound reads" };
  }
}
