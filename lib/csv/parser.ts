/**
 * Streaming RFC 4180 CSV parser for decoded text.
 *
 * Speed comes from scanning with indexOf (native, vectorised) instead of walking characters, and
 * from caching the next line break / delimiter position so each is searched once per record rather
 * than once per field. Only the unfinished tail of a chunk is carried over to the next one.
 *
 * Recovery: a quote that is never closed would otherwise turn the rest of the file into one field.
 * A quoted field that reaches the end of the file, or spans more than `maxQuotedLines` line breaks or
 * `maxQuotedChars` characters, is reported as a bad record and parsing resumes on the line after the
 * one where that record started.
 */
import { ImportFileError } from "../formats/types";

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

  push(text: string): void {
    if (this.ended) throw new Error("CsvParser.push after end");
    if (text.length === 0) return;
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    this.run(false);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.run(true);
    this.buf = "";
  }

  private run(final: boolean): void {
    let s = this.buf;
    if (this.skipping) {
      const br = firstBreak(s, 0);
      if (br === -1) {
        this.buf = "";
        return;
      }
      this.skipping = false;
      this.line++;
      s = s.slice(breakEnd(s, br));
    }
    const n = s.length;
    const dc = this.delimCode;
    const delim = this.delimiter;
    const { handlers } = this;
    let pos = 0;
    let line = this.line;
    // Cached positions of the next LF / CR / delimiter at or after the last lookup; -1 = none left,
    // -2 = unknown. Valid because lookups only move forward (reset on rewind).
    let nLF = -2;
    let nCR = -2;
    let nD = -2;
    const nextBreak = (from: number): number => {
      if (nLF !== -1 && nLF < from) nLF = s.indexOf("\n", from);
      if (nCR !== -1 && nCR < from) nCR = s.indexOf("\r", from);
      if (nLF === -1) return nCR;
      if (nCR === -1) return nLF;
      return nLF < nCR ? nLF : nCR;
    };
    const nextDelim = (from: number): number => {
      if (nD !== -1 && nD < from) nD = s.indexOf(delim, from);
      return nD;
    };

    outer: while (pos < n) {
      let c = s.charCodeAt(pos);
      if (c === LF) {
        pos++;
        line++;
        continue;
      }
      if (c === CR) {
        if (pos + 1 < n) {
          pos += s.charCodeAt(pos + 1) === LF ? 2 : 1;
          line++;
          continue;
        }
        if (!final) break; // a LF may follow in the next chunk
        pos++;
        line++;
        continue;
      }

      const recStart = pos;
      const recLine = line;
      let breaks = 0;
      const fields: string[] = [];
      for (;;) {
        let value: string;
        if (pos < n && s.charCodeAt(pos) === QUOTE) {
          const quotePos = pos;
          let seg = pos + 1;
          let p = seg;
          let closed = -1;
          value = "";
          for (;;) {
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
          let fieldBreaks = 0;
          let tooLong = spanEnd - quotePos > this.maxQuotedChars;
          for (let b = quotePos + 1; !tooLong; ) {
            const br = nextBreak(b);
            if (br === -1 || br >= spanEnd) break;
            if (++fieldBreaks > this.maxQuotedLines) tooLong = true;
            b = s.charCodeAt(br) === CR && s.charCodeAt(br + 1) === LF ? br + 2 : br + 1;
          }
          if (tooLong || (closed === -1 && final)) {
            const resume = this.reportUnterminated(s, recStart, recLine, quotePos, tooLong);
            if (resume === -1) {
              if (final) {
                pos = n;
                break outer;
              }
              this.skipping = true;
              this.buf = "";
              this.line = recLine;
              return;
            }
            pos = resume;
            line = recLine + 1;
            nLF = nCR = nD = -2;
            continue outer;
          }
          if (closed === -1) {
            pos = recStart;
            line = recLine;
            break outer; // wait for the closing quote in a later chunk
          }
          value += s.slice(seg, closed);
          breaks += fieldBreaks;
          pos = closed + 1;
          if (pos < n) {
            c = s.charCodeAt(pos);
            if (c !== dc && c !== LF && c !== CR) {
              // Text after the closing quote ("abc"def): keep it, as spreadsheets do.
              const end = fieldEnd(pos);
              if (end === -1) {
                pos = recStart;
                line = recLine;
                break outer;
              }
              value += s.slice(pos, end);
              pos = end;
            }
          }
        } else {
          const end = fieldEnd(pos);
          if (end === -1) {
            pos = recStart;
            line = recLine;
            break outer;
          }
          value = s.slice(pos, end);
          pos = end;
        }
        fields.push(value);

        if (pos < n) {
          c = s.charCodeAt(pos);
          if (c === dc) {
            pos++;
            continue;
          }
          if (c === CR) {
            if (pos + 1 < n) pos += s.charCodeAt(pos + 1) === LF ? 2 : 1;
            else if (final) pos++;
            else {
              pos = recStart;
              line = recLine;
              break outer;
            }
          } else {
            pos++; // LF
          }
        }
        line = recLine + 1 + breaks;
        if (!isBlank(fields)) handlers.record(fields, recLine);
        continue outer;
      }
    }

    // End of an unquoted field: the next delimiter or line break; -1 = need more text.
    function fieldEnd(from: number): number {
      const d = nextDelim(from);
      const br = nextBreak(from);
      if (d !== -1 && (br === -1 || d < br)) return d;
      if (br !== -1) return br;
      return final ? n : -1;
    }

    const rest = n - pos;
    if (rest > this.maxRecordChars) {
      throw new ImportFileError(
        "unreadable",
        `Line ${line} is longer than ${Math.round(this.maxRecordChars / 1048576)} MB without a line break; this does not look like a bounce export.`,
      );
    }
    this.buf = rest === 0 ? "" : s.slice(pos);
    this.line = line;
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
export function parseCsv(
  text: string,
  options: CsvParserOptions = {},
): { records: { fields: string[]; line: number }[]; bad: CsvBadRecord[] } {
  const records: { fields: string[]; line: number }[] = [];
  const bad: CsvBadRecord[] = [];
  const parser = new CsvParser({ record: (fields, line) => records.push({ fields, line }), bad: (b) => bad.push(b) }, options);
  parser.push(text);
  parser.end();
  return { records, bad };
}
