/**
 * Splits a stream of JSON text into its top-level values without parsing everything at once:
 * JSON lines, concatenated (pretty-printed) objects, or one big array whose elements are emitted one
 * by one. Each value is handed over as text with the line where it starts; the caller JSON.parses it.
 * Strings are skipped with indexOf so braces inside them do not count.
 */

export interface JsonValueHandlers {
  value(text: string, line: number): void;
  bad(line: number, reason: string, raw: string): void;
}

const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const RAW_CAP = 4000;
/** A single notification is a few KB; anything this large is a broken file, not a value to hold. */
const MAX_VALUE_CHARS = 64 * 1024 * 1024;

export class JsonValueSplitter {
  private buf = "";
  private pos = 0;
  private line = 1;
  private depth = 0;
  /** -1 = between values. */
  private start = -1;
  private startLine = 0;
  /** null until the first non-blank character tells whether the file is one top-level array. */
  private arrayMode: boolean | null = null;
  private arrayClosed = false;

  constructor(private readonly handlers: JsonValueHandlers) {}

  push(text: string): void {
    this.buf += text;
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    if (this.start !== -1) {
      const raw = this.buf.slice(this.start, this.start + RAW_CAP);
      this.handlers.bad(this.startLine, "JSON value is not closed (the file may be cut short)", raw);
    }
    this.buf = "";
    this.pos = 0;
    this.start = -1;
  }

  private scan(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let i = this.pos;
    const level = () => (this.arrayMode ? 1 : 0);
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.start === -1) {
        // Between values.
        if (c === LF) {
          this.line++;
          i++;
          continue;
        }
        if (c <= 32 || c === 44 /* , */ || c === 0xfeff) {
          i++;
          continue;
        }
        if (this.arrayMode === null) {
          this.arrayMode = c === 91; /* [ */
          if (this.arrayMode) {
            this.depth = 1;
            i++;
            continue;
          }
        }
        if (this.arrayMode && c === 93 /* ] */ && this.depth === 1) {
          this.depth = 0;
          this.arrayClosed = true;
          i++;
          continue;
        }
        if ((c === 123 /* { */ || c === 91) && !(this.arrayMode && this.arrayClosed)) {
          this.start = i;
          this.startLine = this.line;
          this.depth++;
          i++;
          continue;
        }
        // Anything else is not a JSON object: report the line and move past it.
        let eol = s.indexOf("\n", i);
        if (eol === -1) {
          if (!final) break;
          eol = n;
        }
        this.handlers.bad(this.line, "not a JSON object", s.slice(i, Math.min(eol, i + RAW_CAP)));
        i = eol;
        continue;
      }
      // Inside a value.
      if (c === QUOTE) {
        let q = i + 1;
        for (;;) {
          q = s.indexOf('"', q);
          if (q === -1) break;
          let k = q - 1;
          while (s.charCodeAt(k) === BACKSLASH) k--;
          if ((q - 1 - k) % 2 === 0) break; // an even run of backslashes: the quote is real
          q++;
        }
        if (q === -1) break; // string continues in the next chunk
        i = q + 1;
        continue;
      }
      if (c === 123 || c === 91) this.depth++;
      else if (c === 125 /* } */ || c === 93) {
        this.depth--;
        if (this.depth === level()) {
          this.handlers.value(s.slice(this.start, i + 1), this.startLine);
          this.start = -1;
        }
      } else if (c === LF) this.line++;
      i++;
    }
    // Keep only an unfinished value.
    if (this.start === -1) {
      this.buf = i < n ? s.slice(i) : "";
      this.pos = 0;
    } else {
      if (n - this.start > MAX_VALUE_CHARS) {
        this.handlers.bad(this.startLine, "JSON value larger than 64 MB", s.slice(this.start, this.start + RAW_CAP));
        this.start = -1;
        this.depth = level();
        this.buf = "";
        this.pos = 0;
        return;
      }
      this.buf = s.slice(this.start);
      this.pos = i - this.start;
      this.start = 0;
    }
  }
}
