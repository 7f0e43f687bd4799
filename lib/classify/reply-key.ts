/**
 * "The same reply": a server's reply with everything that changes from one recipient or one moment to
 * the next masked, so that a team correction made on one bounce can follow every bounce the same
 * server answered the same way, now and in later imports.
 *
 * The key is the diagnostic lower-cased, without accents, with whitespace collapsed and without the
 * RFC 3464 type prefix ("smtp;"), in which addresses, IPs, dates, times, ids (words mixing letters
 * and digits: queue ids, hex, host names like mx12) and numbers become {address}, {ip}, {date},
 * {time}, {id} and {number}. SMTP reply codes and enhanced status codes are kept: "550 5.1.1" and
 * "452 4.2.2" are not the same reply. Pure and deterministic; keys are stored (Correction.replyKey),
 * so changing what a key is means recomputing them from Correction.reply.
 *
 * A hand-written scanner rather than a chain of regular expressions: imports compute a key per row
 * once the team has made a correction, and the regular expressions cost ~5 µs a reply, this ~0.5 µs
 * (scripts/bench-corrections.ts prints it).
 */

/** Longer replies are keyed by their start: the rest is quoted headers or the message itself. */
const MAX_CHARS = 2000;

// Character classes of ASCII code units; anything above 127 is a letter of another script.
const SPACE = 1;
const DELIMITER = 2; // ends a chunk and is kept: < > ( ) [ ] { } " ' ` , ;
const WORD = 3; // letters, digits, _
const PUNCT = 4; // the rest: . : / - + = ? & % # ! @ …
const CLASS = new Uint8Array(128).fill(PUNCT);
for (const c of " \t\n\r\f\v") CLASS[c.charCodeAt(0)] = SPACE;
for (const c of "<>()[]{}\"'`,;") CLASS[c.charCodeAt(0)] = DELIMITER;
for (let c = 0; c < 32; c++) if (CLASS[c] !== SPACE) CLASS[c] = SPACE;
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") CLASS[c.charCodeAt(0)] = WORD;

const classOf = (c: number) => (c < 128 ? CLASS[c] : c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 ? SPACE : WORD);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isDomainChar = (c: number) => ((c | 32) >= 97 && (c | 32) <= 122) || isDigit(c) || c === 46 || c === 45;
const isLetter = (c: number) => ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 || c > 127;
/** Characters of an address's local part besides letters and digits (RFC 5322 atext and dots). */
const LOCAL = new Set("!#$%&*+/=?^_`{|}~.-".split("").map((c) => c.charCodeAt(0)));
/** Punctuation that joins the parts of one id ("d2e1a72f-7a1b2c3dsi12.45"). */
const JOINERS = /^[-._:/+=]+$/;

// Whole-chunk shapes, tested only when a chunk's characters say it may be one.
const STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;
const CODE_STATUS = /^[245]\d\d-[245]\.\d{1,3}\.\d{1,3}$/;
const CODE = /^[245]\d\d-?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
const IPV6 = /^(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:t\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:z|[+-]\d{2}:?\d{2})?)?$/i;
const NUMERIC_DATE = /^\d{1,4}([/.-])\d{1,2}\1\d{2,4}$/;
const TIME = /^\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?z?$/i;
// Dates written with words, tried at a day number: "1 dec 2026" (a weekday before it is dropped), or
// "dec 1, 2026" after a month.
const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DAY_MONTH_YEAR = new RegExp(`\\d{1,2}[\\s-]+${MONTH}[\\s-]+\\d{2,4}(?![a-z0-9_])`, "iy");
const DAY_YEAR = /\d{1,2}(?:,?\s+\d{4})?(?![a-z0-9_])/iy;
const WEEKDAY_BEFORE = /(?:^|[^a-z])(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? $/i;
const MONTH_BEFORE = new RegExp(`(?:^|[^a-z])(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?${MONTH} $`, "i");
/** A zone after a time: "+0000", "UTC", "CET"… */
const ZONE_AFTER = /\s*(?:[+-]\d{2}:?\d{2}|\(?(?:utc|gmt|ut|z|[ecmp][sd]t|cet|cest|bst|ist|jst)\)?)(?![a-z0-9_])/iy;
const STATUS_AFTER = /[\s-]*[245]\.\d/y;
const TYPE_PREFIX = /^\s*(?:smtp|x-[a-z0-9-]+)\s*;\s*/i;

/** The same reply's key; "" when there is no reply text. */
export function replyKey(diagnostic: string | null | undefined): string {
  if (!diagnostic) return "";
  const text = diagnostic.length > MAX_CHARS ? diagnostic.slice(0, MAX_CHARS) : diagnostic;
  const c0 = text.charCodeAt(0) | 32;
  const prefix = c0 === 115 || c0 === 120 || classOf(text.charCodeAt(0)) === SPACE ? TYPE_PREFIX.exec(text) : null;
  const writer = new KeyWriter(text);
  // Lower case and accents on the key, not the reply: one pass over the reply, and most keys are ASCII.
  const key = writer.write(prefix ? prefix[0].length : 0).toLowerCase();
  return writer.wide ? key.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : key;
}

class KeyWriter {
  private out = "";
  /** Where the last mask of the current chunk starts and ends in `out`, to join an id's parts. */
  private maskStart = -1;
  private maskEnd = -1;
  /** Whether the reply has characters beyond ASCII. */
  wide = false;

  constructor(private readonly text: string) {}

  write(from: number): string {
    const { text } = this;
    const n = text.length;
    /** Where the text not yet written to `out` starts: words and single spaces are copied in runs. */
    let copied = from;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      const kind = classOf(c);
      if (kind === SPACE) {
        let j = i + 1;
        while (j < n && classOf(text.charCodeAt(j)) === SPACE) j++;
        if (c === 32 && j === i + 1 && i > copied && j < n) {
          i = j;
          continue;
        }
        this.out += text.slice(copied, i);
        if (this.out.length > 0 && j < n) this.out += " ";
        i = copied = j;
        continue;
      }
      if (kind === DELIMITER) {
        i++;
        continue;
      }
      if (c > 127) this.wide = true;
      let j = i;
      let digits = false;
      let at = -1;
      while (j < n) {
        const d = text.charCodeAt(j);
        const k = classOf(d);
        if (k === SPACE || k === DELIMITER) break;
        if (isDigit(d)) digits = true;
        else if (d === 64 && at < 0) at = j;
        else if (d > 127) this.wide = true;
        j++;
      }
      if (digits || at >= 0) {
        this.out += text.slice(copied, i);
        i = copied = this.chunk(i, j, at, this.out.length === 0);
      } else i = j;
    }
    return this.out + text.slice(copied, n);
  }

  /** A chunk with digits or an @. Returns where the text goes on (past a date spread over chunks). */
  private chunk(start: number, end: number, at: number, first: boolean): number {
    const { text } = this;
    this.maskStart = -1;
    if (at >= 0) {
      let local = at;
      while (local > start && (isDigit(text.charCodeAt(local - 1)) || isLetter(text.charCodeAt(local - 1)) || LOCAL.has(text.charCodeAt(local - 1)))) local--;
      let domain = at + 1;
      while (domain < end && isDomainChar(text.charCodeAt(domain))) domain++;
      while (domain > at + 1 && (text[domain - 1] === "." || text[domain - 1] === "-")) domain--;
      if (local < at && domain > at + 1) {
        this.words(start, local);
        this.out += "{address}";
        this.maskStart = -1;
        const rest = text.slice(domain, end);
        if (/\d/.test(rest) || rest.includes("@")) return this.chunk(domain, end, rest.indexOf("@") < 0 ? -1 : domain + rest.indexOf("@"), false);
        this.out += rest;
        return end;
      }
    }
    // Sentence punctuation after the chunk is not part of it.
    let core = end;
    while (core > start && ".:!?".includes(text[core - 1])) core--;
    const word = text.slice(start, core);
    const shape = this.shape(word, core, first);
    if (shape === "kept") this.out += word;
    else if (shape !== null) this.mask(shape);
    else {
      const date = this.wordDate(start, word);
      if (date > 0) return date;
      this.words(start, core);
    }
    this.out += text.slice(core, end);
    if ((shape === "{time}" || shape === "{date}") && core === end) {
      ZONE_AFTER.lastIndex = end;
      if (ZONE_AFTER.test(text)) return ZONE_AFTER.lastIndex;
    }
    return end;
  }

  /** What a whole chunk is when it is one thing: a code kept as it is, or the mask it becomes. */
  private shape(word: string, end: number, first: boolean): "kept" | "{ip}" | "{date}" | "{time}" | null {
    const c0 = word.charCodeAt(0);
    if (!isDigit(c0) && !((c0 | 32) >= 97 && (c0 | 32) <= 102) && c0 !== 58) return null;
    if (STATUS.test(word) || CODE_STATUS.test(word)) return "kept";
    if (CODE.test(word)) {
      STATUS_AFTER.lastIndex = end;
      return first || STATUS_AFTER.test(this.text) ? "kept" : null;
    }
    if (IPV4.test(word)) return "{ip}";
    if (ISO_DATE.test(word) || NUMERIC_DATE.test(word)) return "{date}";
    if (TIME.test(word)) return "{time}";
    if (IPV6.test(word) && (word.includes("::") || word.split(":").length === 8)) return "{ip}";
    return null;
  }

  /** A date written with a month's name, from this day number on: where it ends, else 0. */
  private wordDate(start: number, word: string): number {
    if (word.length > 2 || !isDigit(word.charCodeAt(0)) || (word.length === 2 && !isDigit(word.charCodeAt(1)))) return 0;
    DAY_MONTH_YEAR.lastIndex = start;
    if (DAY_MONTH_YEAR.test(this.text)) {
      const weekday = WEEKDAY_BEFORE.exec(this.out.slice(-12));
      if (weekday) this.out = this.out.slice(0, this.out.length - weekday[0].length + (/^[a-z]/i.test(weekday[0]) ? 0 : 1));
      this.out += "{date}";
      return this.zoneAfter(DAY_MONTH_YEAR.lastIndex);
    }
    // The longest month and weekday before a day take 21 characters.
    const tail = this.out.length - Math.min(this.out.length, 24);
    const month = MONTH_BEFORE.exec(this.out.slice(tail));
    if (month) {
      DAY_YEAR.lastIndex = start;
      if (!DAY_YEAR.test(this.text)) return 0;
      this.out = this.out.slice(0, tail + month.index + (/^[a-z]/i.test(month[0]) ? 0 : 1)) + "{date}";
      return DAY_YEAR.lastIndex;
    }
    return 0;
  }

  private zoneAfter(at: number): number {
    // A time right after the date is part of it ("1 dec 2026 10:00:00 +0000"), and so is its zone.
    const time = /\s+\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?![a-z0-9_:])/iy;
    time.lastIndex = at;
    if (time.test(this.text)) at = time.lastIndex;
    ZONE_AFTER.lastIndex = at;
    return ZONE_AFTER.test(this.text) ? ZONE_AFTER.lastIndex : at;
  }

  /** Words and punctuation of [start, end): a word with a digit becomes {number}, or {id} with letters too. */
  private words(start: number, end: number): void {
    const { text } = this;
    let i = start;
    while (i < end) {
      let j = i;
      let digits = false;
      let letters = false;
      while (j < end) {
        const c = text.charCodeAt(j);
        if (isDigit(c)) digits = true;
        else if (isLetter(c)) letters = true;
        else break;
        j++;
      }
      if (j === i) {
        while (j < end && classOf(text.charCodeAt(j)) === PUNCT) j++;
        this.out += text.slice(i, j);
      } else if (digits) this.mask(letters ? "{id}" : "{number}");
      else this.out += text.slice(i, j);
      i = j;
    }
  }

  private mask(token: string): void {
    const { out } = this;
    // A time right after a date is part of it.
    if (token === "{time}" && out.endsWith("{date} ")) {
      this.out = out.slice(0, -1);
      this.maskStart = -1;
      return;
    }
    if ((token === "{id}" || token === "{number}") && this.maskStart >= 0 && JOINERS.test(out.slice(this.maskEnd))) {
      this.out = `${out.slice(0, this.maskStart)}{id}`;
    } else {
      this.maskStart = out.length;
      this.out += token;
    }
    this.maskEnd = this.out.length;
    if (token !== "{id}" && token !== "{number}") this.maskStart = -1;
  }
}

/**
 * The longest lower-case ASCII word of a key outside its masks: every diagnostic with this key that
 * is ASCII contains it in lower case, so a search over many bounces can skip the others before
 * computing their keys. null when the key has no such word of three letters or more.
 */
export function replyKeyWord(key: string): string | null {
  let best: string | null = null;
  for (const w of key.replace(/\{(?:address|ip|date|time|id|number)\}/g, " ").split(/[^a-z]+/)) {
    if (w.length >= 3 && (best === null || w.length > best.length)) best = w;
  }
  return best;
}
