/**
 * Streaming RFC 4180 CSV parser for decoded text.
 *
 * Speed comes from never walking characters in JavaScript: the stretch of a line up to its next
 * quote (usually the whole line) is cut by the native String#split, and line breaks / quotes are
 * found with indexOf, caching each next position so it is searched once, not once per field.
 * Only the unfinished tail of a chunk is carried over to the next one.
 *
 * Recovery: a quote that is never closed would otherwise turn the rest of the file into one field.
 * A quoted field that reaches the end of the file, or spans more than `maxQuotedLines` line breaks or
 * `maxQuotedChars` characters, is reported as a bad record and parsing resumes on the line after the
 * one where that record started.
 */
import { ImportFileError } from "../errors";

const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface CsvBadRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  /** 1-based character column of the problem within its line. */
  column: number;
  reason: string;
  /** The record's first physical line, as written (capped). */
  raw: string;
}

export interface CsvHandlers {
  /** One record; `line` is the 1-based physical line where it starts. Fields are not trimmed. */
  record(fields: string[], line: number): void;
  bad(bad: CsvBadRecord): void;
}

export interface CsvParserOptions {
  delimiter?: string;
  /** Line breaks allowed inside one quoted field before it counts as unterminated. */
  maxQuotedLines?: number;
  /** Characters allowed inside one quoted field before it counts as unterminated. */
  maxQuotedChars?: number;
  /** Longest unfinished record kept in memory; longer means this is not a line-based file. */
  maxRecordChars?: number;
}

const RAW_CAP = 4096;

const DONE = 0;
/** The text ends before the field does; more text may complete it. */
const WAIT = 1;
/** Never closed, or too long: a bad record. */
const BROKEN = 2;

interface QuotedField {
  status: typeof DONE | typeof WAIT | typeof BROKEN;
  value: string;
  /** Just after the field (at a delimiter, a line break or the end of the text). */
  end: number;
  /** Line breaks inside it. */
  breaks: number;
  tooLong: boolean;
}

export class CsvParser {
  readonly delimiter: string;
  private readonly delimCode: number;
  private readonly maxQuotedLines: number;
  private readonly maxQuotedChars: number;
  private readonly maxRecordChars: number;
  private buf = "";
  /** Physical line number of buf[0]. */
  private line = 1;
  /** After a broken record whose first line is not complete yet: drop text up to the next break. */
  private skipping = false;
  private ended = false;
  // The record being handed to `handlers.record`, for currentRecordText().
  private curText = "";
  private curStart = 0;
  private curEnd = 0;
  private readonly quoted: QuotedField = { status: DONE, value: "", end: 0, breaks: 0, tooLong: false };

  constructor(
    private readonly handlers: CsvHandlers,
    options: CsvParserOptions = {},
  ) {
    this.delimiter = options.delimiter ?? ",";
    if (this.delimiter.length !== 1 || this.delimiter === '"' || this.delimiter === "\n" || this.delimiter === "\r") {
      throw new Error(`Unsupported CSV delimiter ${JSON.stringify(this.delimiter)}`);
    }
    this.delimCode = this.delimiter.charCodeAt(0);
    this.maxQuotedLines = options.maxQuotedLines ?? 50;
    this.maxQuotedChars = options.maxQuotedChars ?? 64 * 1024;
    this.maxRecordChars = options.maxRecordChars ?? 16 * 1024 * 1024;
  }

  /**
   * The record being delivered, exactly as written (without its final line break, capped at 4 KB).
   * Only valid inside `handlers.record`; used to report a rejected row in its original form.
   */
  currentRecordText(): string {
    let end = this.curEnd;
    const s = this.curText;
    while (end > this.curStart && (s.charCodeAt(end - 1) === LF || s.charCodeAt(end - 1) === CR)) end--;
    return s.slice(this.curStart, Math.min(end, this.curStart + RAW_CAP));
  }

  /**
   * `endOfRead` false: more text of the same read follows at once (a caller feeding a big read in
   * pieces). The check that the unfinished record is not absurdly long (maxRecordChars) then waits
   * for the read's last piece, so that the outcome does not depend on where the read was cut.
   */
  push(text: string, endOfRead = true): void {
    if (this.ended) throw new Error("CsvParser.push after end");
    if (text.length === 0) return;
    if (this.buf.length === 0) {
      this.buf = text;
      this.run(false, endOfRead);
      return;
    }
    // The unfinished record of the previous text joined to this whole text would make V8 copy it
    // (~1 MB for a read) into a new string. Completing that record with the text's first line,
    // then parsing the rest in place (a slice shares the text's memory), copies only that line;
    // the parser gives the same result wherever its text is cut.
    const br = firstBreak(text, 0);
    const cut = br === -1 ? text.length : breakEnd(text, br);
    if (cut < text.length) {
      this.buf += text.slice(0, cut);
      this.run(false, false);
      text = text.slice(cut);
    }
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    this.run(false, endOfRead);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.run(true, true);
    this.buf = "";
  }

  private run(final: boolean, checkLength: boolean): void {
    const s = this.skipping ? this.afterSkippedLine(this.buf) : this.buf;
    if (s === null) return;
    const n = s.length;
    const delim = this.delimiter;
    const dc = this.delimCode;
    let pos = 0;
    let line = this.line;
    // Next LF / CR / quote / delimiter at or after the last lookup: -1 = none left, -2 = not looked
    // up yet. Lookups only move forward, so a cached position stays valid until passed (reset on rewind).
    let nLF = -2;
    let nCR = -2;
    let nQ = -2;
    let nD = -2;
    // Start of the record being parsed; -1 between records. An early exit leaves it pending.
    let recStart = -1;
    let recLine = line;

    outer: while (pos < n) {
      const c = s.charCodeAt(pos);
      if (c === LF || c === CR) {
        const next = lineBreakEnd(s, pos, final);
        if (next === -1) break; // a LF may follow in the next chunk
        pos = next;
        line++;
        continue;
      }

      recStart = pos;
      recLine = line;
      let breaks = 0;
      let fields: string[] | null = null;
      for (;;) {
        // `pos` is at the start of a field.
        if (nLF !== -1 && nLF < pos) nLF = s.indexOf("\n", pos);
        if (nCR !== -1 && nCR < pos) nCR = s.indexOf("\r", pos);
        let eol = nLF === -1 ? nCR : nCR === -1 || nLF < nCR ? nLF : nCR;
        if (eol === -1) {
          if (!final) break outer; // the line is not complete yet
          eol = n;
        }
        if (nQ !== -1 && nQ < pos) nQ = s.indexOf('"', pos);

        // A record on one line with quoted fields (a quoted reply in every PowerMTA row): one split
        // of the line, then the quoted fields put back together, instead of a split per stretch
        // between quotes. null (a field quoted across lines, or too long) leaves it to the loop below.
        const oneLine: string[] | null = fields === null && nQ !== -1 && nQ < eol ? this.splitQuotedLine(s.slice(pos, eol)) : null;
        if (oneLine !== null) {
          fields = oneLine;
          pos = eol;
        } else if (nQ === -1 || nQ >= eol) {
          // No quote in the rest of the line: let the native split cut the fields.
          fields = appendFields(fields, s.slice(pos, eol).split(delim));
          pos = eol;
        } else if (nQ !== pos) {
          // A quote further on: split up to it. It opens a quoted field only at a field start;
          // inside an unquoted field (ab"c) it is a literal character.
          const parts = s.slice(pos, nQ).split(delim);
          const partial = parts.pop() as string;
          fields = appendFields(fields, parts);
          if (partial.length === 0) {
            pos = nQ;
            continue;
          }
          if (nD !== -1 && nD < nQ) nD = s.indexOf(delim, nQ);
          const end = nD !== -1 && nD < eol ? nD : eol;
          fields.push(s.slice(nQ - partial.length, end));
          pos = end;
        } else {
          const field = this.quotedField(s, pos, final);
          if (field.status === BROKEN) {
            const resume = this.reportUnterminated(s, recStart, recLine, pos, field.tooLong);
            if (resume === -1) {
              if (final) {
                pos = n;
                recStart = -1;
                break outer;
              }
              this.skipping = true;
              this.buf = "";
              this.line = recLine;
              return;
            }
            pos = resume;
            line = recLine + 1;
            recStart = -1;
            nLF = nCR = nQ = nD = -2;
            continue outer;
          }
          if (field.status === WAIT) break outer; // wait for the rest of the field in a later chunk
          breaks += field.breaks;
          pos = field.end;
          nQ = -2; // quotes were consumed by hand
          if (fields === null) fields = [field.value];
          else fields.push(field.value);
        }

        // After a field: a delimiter (another field follows), a line break or the end of the text.
        if (pos < n) {
          if (s.charCodeAt(pos) === dc) {
            pos++;
            continue;
          }
          const next = lineBreakEnd(s, pos, final);
          if (next === -1) break outer;
          pos = next;
        }
        line = recLine + 1 + breaks;
        this.deliver(fields, s, recStart, pos, recLine);
        recStart = -1;
        continue outer;
      }
    }
    // Leaving the loop mid-record means that record is incomplete: keep it for the next chunk.
    if (recStart !== -1) {
      pos = recStart;
      line = recLine;
    }
    this.keepRest(s, pos, line, checkLength);
  }

  /** After a broken record: the text from the line after it, or null when that line has not arrived. */
  private afterSkippedLine(s: string): string | null {
    const br = firstBreak(s, 0);
    if (br === -1) {
      this.buf = "";
      return null;
    }
    this.skipping = false;
    this.line++;
    return s.slice(breakEnd(s, br));
  }

  /**
   * The quoted field starting at `quotePos` (its opening quote), up to the next delimiter or line
   * break: its value (`""` read as one quote, text after the closing quote kept, as spreadsheets do),
   * the line breaks inside it and where it ends; WAIT when the text ends first and more may come;
   * BROKEN when it never closes or is too long. One result object, reused: read it before the next call.
   */
  private quotedField(s: string, quotePos: number, final: boolean): QuotedField {
    const out = this.quoted;
    const n = s.length;
    let seg = quotePos + 1;
    let closed = -1;
    let value = "";
    for (let p = seg; ; ) {
      const q = s.indexOf('"', p);
      if (q === -1 || (q + 1 === n && !final)) break; // not closed yet, or cannot tell "" from "
      if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
        value += s.slice(seg, q + 1);
        p = seg = q + 2;
        continue;
      }
      closed = q;
      break;
    }
    const spanEnd = closed === -1 ? n : closed;
    out.tooLong = spanEnd - quotePos > this.maxQuotedChars;
    out.breaks = out.tooLong ? 0 : countBreaks(s.slice(quotePos + 1, spanEnd));
    if (out.breaks > this.maxQuotedLines) out.tooLong = true;
    if (out.tooLong || (closed === -1 && final)) {
      out.status = BROKEN;
      return out;
    }
    out.status = closed === -1 ? WAIT : DONE;
    if (closed === -1) return out;
    value += s.slice(seg, closed);
    let end = closed + 1;
    const c = end < n ? s.charCodeAt(end) : -1;
    if (c !== -1 && c !== this.delimCode && c !== LF && c !== CR) {
      // Text after the closing quote ("abc"def): kept, up to the next delimiter or line break.
      const eolFound = firstBreak(s, end);
      if (eolFound === -1 && !final) {
        out.status = WAIT;
        return out;
      }
      const eol = eolFound === -1 ? n : eolFound;
      const d = s.indexOf(this.delimiter, end);
      const stop = d !== -1 && d < eol ? d : eol;
      value += s.slice(end, stop);
      end = stop;
    }
    out.value = value;
    out.end = end;
    return out;
  }

  /** Hands a whole record to the handler, unless all its cells are blank. */
  private deliver(fields: string[], s: string, start: number, end: number, line: number): void {
    if (isBlank(fields)) return;
    this.curText = s;
    this.curStart = start;
    this.curEnd = end;
    this.handlers.record(fields, line);
  }

  /** Keeps the unfinished record for the next piece of text; refuses one absurdly long. */
  private keepRest(s: string, pos: number, line: number, checkLength: boolean): void {
    const rest = s.length - pos;
    if (checkLength && rest > this.maxRecordChars) {
      throw new ImportFileError(
        "unreadable",
        `Line ${line} is longer than ${Math.round(this.maxRecordChars / 1048576)} MB without a line break; this does not look like a bounce export.`,
      );
    }
    this.buf = rest === 0 ? "" : s.slice(pos);
    this.line = line;
  }

  /**
   * The fields of a whole record written on one line (no line break inside), as the loop in run()
   * would cut them, or null when a quoted field does not close on this line or is too long.
   */
  private splitQuotedLine(text: string): string[] | null {
    const dc = this.delimCode;
    const parts = text.split(this.delimiter);
    // Fields once a quoted field held delimiters (and so spanned several parts); until then, `parts` is edited in place.
    let out: string[] | null = null;
    let start = 0; // of parts[i] in text
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part.charCodeAt(0) !== QUOTE) {
        // Unquoted (a quote further in is a literal character).
        if (out !== null) out.push(part);
        start += part.length + 1;
        continue;
      }
      let value = "";
      let seg = start + 1;
      let close: number;
      for (;;) {
        close = text.indexOf('"', seg);
        if (close === -1) return null;
        if (text.charCodeAt(close + 1) !== QUOTE) break;
        value += text.slice(seg, close + 1); // "" stands for one quote
        seg = close + 2;
      }
      if (close - start > this.maxQuotedChars) return null;
      value += text.slice(seg, close);
      let end = close + 1;
      if (end < text.length && text.charCodeAt(end) !== dc) {
        // Text after the closing quote ("abc"def) is kept, up to the next delimiter.
        const d = text.indexOf(this.delimiter, end);
        value += text.slice(end, d === -1 ? text.length : d);
        end = d === -1 ? text.length : d;
      }
      // The field ends at `end`, a delimiter or the end of the text: skip the parts it covered.
      let last = i;
      let lastEnd = start + part.length;
      while (lastEnd < end) lastEnd += parts[++last].length + 1;
      if (out === null && last !== i) out = parts.slice(0, i);
      if (out !== null) out.push(value);
      else parts[i] = value;
      i = last;
      start = lastEnd + 1;
    }
    return out ?? parts;
  }

  /** Reports the record as bad; returns where parsing resumes (after the record's first line) or -1. */
  private reportUnterminated(s: string, recStart: number, recLine: number, quotePos: number, tooLong: boolean): number {
    let qLine = recLine;
    let lineStart = recStart;
    for (let i = recStart; i < quotePos; i++) {
      const ch = s.charCodeAt(i);
      if (ch === LF || (ch === CR && s.charCodeAt(i + 1) !== LF)) {
        qLine++;
        lineStart = i + 1;
      }
    }
    const column = quotePos - lineStart + 1;
    const br = firstBreak(s, recStart);
    const rawEnd = br === -1 ? s.length : br;
    let reason = `unterminated quoted field starting at line ${qLine}, column ${column}`;
    if (tooLong) reason += ` (still open after ${this.maxQuotedLines} lines or ${this.maxQuotedChars >> 10} KB)`;
    this.handlers.bad({
      line: recLine,
      column,
      reason,
      raw: s.slice(recStart, Math.min(rawEnd, recStart + RAW_CAP)),
    });
    return br === -1 ? -1 : breakEnd(s, br);
  }
}

function firstBreak(s: string, from: number): number {
  const lf = s.indexOf("\n", from);
  // CR-only files are rare: look for a CR only before the LF (or, without LF, anywhere).
  const limit = lf === -1 ? s.length : lf;
  for (let i = from; i < limit; i++) if (s.charCodeAt(i) === CR) return i;
  return lf;
}

/**
 * Just after the line break at `pos` (LF, CR LF or a lone CR), or -1 when the text ends with a CR and
 * more may come (a LF may follow in the next piece).
 */
function lineBreakEnd(s: string, pos: number, final: boolean): number {
  if (s.charCodeAt(pos) === LF) return pos + 1;
  if (pos + 1 < s.length) return s.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1;
  return final ? pos + 1 : -1;
}

/** Line breaks in `text` (CR LF counts once), found by native searches bounded by the text. */
function countBreaks(text: string): number {
  let breaks = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) breaks++;
  for (let i = text.indexOf("\r"); i !== -1; i = text.indexOf("\r", i + 1)) if (text.charCodeAt(i + 1) !== LF) breaks++;
  return breaks;
}

/** `parts` added to the record's fields so far (the first parts become its fields). */
function appendFields(fields: string[] | null, parts: string[]): string[] {
  if (fields === null) return parts;
  for (let k = 0; k < parts.length; k++) fields.push(parts[k]);
  return fields;
}

function breakEnd(s: string, br: number): number {
  return s.charCodeAt(br) === CR && s.charCodeAt(br + 1) === LF ? br + 2 : br + 1;
}

/** Rows of empty cells (spreadsheets append ";;;;" lines) are treated like blank lines. */
function isBlank(fields: string[]): boolean {
  const first = fields[0];
  if (first.length > 0 && first.charCodeAt(0) > 32) return false;
  for (let i = 0; i < fields.length; i++) if (fields[i].trim().length > 0) return false;
  return true;
}

/** Parses a whole string; convenient for tests and small inputs. */
export function parseCsv(text: string, options: CsvParserOptions = {}): { records: { fields: string[]; line: number }[]; bad: CsvBadRecord[] } {
  const records: { fields: string[]; line: number }[] = [];
  const bad: CsvBadRecord[] = [];
  const parser = new CsvParser({ record: (fields, line) => records.push({ fields, line }), bad: (b) => bad.push(b) }, options);
  parser.push(text);
  parser.end();
  return { records, bad };
}
