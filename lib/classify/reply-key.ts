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
 * A hand-written scanner rather than a chain of regular expressions, which took ~5 µs a reply: this
 * ~1.2 µs (bench:corrections prints it beside classify's). Imports key only the replies that hold
 * some correction's words (lib/corrections/verdicts.ts).
 */

/** Longer replies are keyed by their start: the rest is quoted headers or the message itself. */
export const REPLY_KEY_CHARS = 2000;
const MAX_CHARS = REPLY_KEY_CHARS;

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
const JOINER_CODES = new Set("-._:/+=".split("").map((c) => c.charCodeAt(0)));

// Whole-chunk shapes, tested only when a chunk's characters say it may be one.
const IPV4_PORT = /^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/;
const IPV6 = /^(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:t\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:z|[+-]\d{2}:?\d{2})?)?$/i;
const NUMERIC_DATE = /^\d{1,4}([/.-])\d{1,2}\1\d{2,4}$/;
const TIME = /^\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?z?$/i;
// Dates written with words, tried at a day number: "1 dec 2026" (a weekday before it is dropped), or
// "dec 1, 2026" after a month.
const MONTH =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DAY_MONTH_YEAR = new RegExp(`\\d{1,2}[\\s-]+${MONTH}[\\s-]+\\d{2,4}(?![a-z0-9_])`, "iy");
const DAY_YEAR = /\d{1,2}(?:,?\s+\d{4})?(?![a-z0-9_])/iy;
const WEEKDAY_BEFORE = /(?:^|[^a-z])(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? $/i;
const MONTH_BEFORE = new RegExp(`(?:^|[^a-z])(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? )?${MONTH} $`, "i");
/** A zone after a time: "+0000", "UTC", "CET"… */
const ZONE_AFTER = /\s*(?:[+-]\d{2}:?\d{2}|\(?(?:utc|gmt|ut|z|[ecmp][sd]t|cet|cest|bst|ist|jst)\)?)(?![a-z0-9_])/iy;
const TIME_AFTER = /\s+\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?![a-z0-9_:])/iy;
const TYPE_PREFIX = /^\s*(?:smtp|x-[a-z0-9-]+)\s*;\s*/i;

/** The same reply's key; "" when there is no reply text. */
export function replyKey(diagnostic: string | null | undefined): string {
  if (!diagnostic) return "";
  const text = diagnostic.length > MAX_CHARS ? diagnostic.slice(0, MAX_CHARS) : diagnostic;
  const c0 = text.charCodeAt(0) | 32;
  const prefix = c0 === 115 || c0 === 120 || classOf(text.charCodeAt(0)) === SPACE ? TYPE_PREFIX.exec(text) : null;
  const key = writer.write(text, prefix ? prefix[0].length : 0);
  // Accents: only keys with characters beyond ASCII pay for the decomposition.
  return writer.wide
    ? key
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
    : key;
}

type Shape = "kept" | "{ip}" | "{date}" | "{time}" | null;

/**
 * Writes one key at a time into a buffer of code units, lower-casing ASCII as it copies: no string
 * is made but the key (one instance, reused: an import makes a million keys).
 */
class KeyWriter {
  private text = "";
  /** The key so far: `length` code units of `out`. A mask is at most 9 units for at least 1 of the reply. */
  private readonly out = new Uint16Array(MAX_CHARS * 9 + 16);
  private readonly bytes = Buffer.from(this.out.buffer);
  private readonly ascii = Buffer.alloc(this.out.length);
  private length = 0;
  /** Where the last mask of the current chunk starts and ends in `out`, to join an id's parts. */
  private maskStart = -1;
  private maskEnd = -1;
  /** Whether the reply has characters beyond ASCII (then the key is lower-cased and decomposed as a string). */
  wide = false;

  write(text: string, from: number): string {
    this.text = text;
    this.length = 0;
    this.wide = false;
    const n = text.length;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      const kind = classOf(c);
      if (kind === SPACE) {
        let j = i + 1;
        while (j < n && classOf(text.charCodeAt(j)) === SPACE) j++;
        if (this.length > 0 && j < n) this.out[this.length++] = 32;
        i = j;
        continue;
      }
      if (kind === DELIMITER) {
        this.out[this.length++] = c;
        i++;
        continue;
      }
      let j = i;
      let digits = false;
      let at = -1;
      while (j < n) {
        const d = text.charCodeAt(j);
        const k = classOf(d);
        if (k === SPACE || k === DELIMITER) break;
        if (isDigit(d)) digits = true;
        else if (d === 64 && at < 0) at = j;
        j++;
      }
      if (digits || at >= 0) i = this.chunk(i, j, at, this.length === 0);
      else {
        this.copy(i, j);
        i = j;
      }
    }
    const key = this.string(0);
    this.text = "";
    return key;
  }

  /** Appends the reply's [start, end), lower-cased. */
  private copy(start: number, end: number): void {
    const { text, out } = this;
    let at = this.length;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) out[at++] = c + 32;
      else {
        if (c > 127) this.wide = true;
        out[at++] = c;
      }
    }
    this.length = at;
  }

  private append(token: string): void {
    for (let i = 0; i < token.length; i++) this.out[this.length++] = token.charCodeAt(i);
  }

  /**
   * The key from `from` on, as a string, decoded natively (faster than from char codes). An ASCII key
   * is made a one-byte string, as the keys read from the database are: comparing them is then cheaper.
   */
  private string(from: number): string {
    if (this.wide) return this.bytes.toString("utf16le", from * 2, this.length * 2);
    this.ascii.set(this.out.subarray(from, this.length));
    return this.ascii.toString("latin1", 0, this.length - from);
  }

  /** Whether the key ends with this text. */
  private endsWith(tail: string): boolean {
    if (this.length < tail.length) return false;
    for (let i = 0, at = this.length - tail.length; i < tail.length; i++, at++) if (this.out[at] !== tail.charCodeAt(i)) return false;
    return true;
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
      while (domain > at + 1 && (text.charCodeAt(domain - 1) === 46 || text.charCodeAt(domain - 1) === 45)) domain--;
      if (local < at && domain > at + 1) {
        this.words(start, local);
        this.append("{address}");
        this.maskStart = -1;
        let nextAt = -1;
        let digits = false;
        for (let k = domain; k < end; k++) {
          const d = text.charCodeAt(k);
          if (isDigit(d)) digits = true;
          else if (d === 64 && nextAt < 0) nextAt = k;
        }
        if (digits || nextAt >= 0) return this.chunk(domain, end, nextAt, false);
        this.copy(domain, end);
        return end;
      }
    }
    // Sentence punctuation after the chunk is not part of it.
    let core = end;
    while (core > start && isSentenceEnd(text.charCodeAt(core - 1))) core--;
    const shape = this.shape(start, core, first);
    if (shape === "kept") this.copy(start, core);
    else if (shape !== null) this.mask(shape);
    else {
      const date = this.wordDate(start, core);
      if (date > 0) return date;
      this.words(start, core);
    }
    this.copy(core, end);
    if ((shape === "{time}" || shape === "{date}") && core === end) {
      ZONE_AFTER.lastIndex = end;
      if (ZONE_AFTER.test(text)) return ZONE_AFTER.lastIndex;
    }
    return end;
  }

  /**
   * What a whole chunk is when it is one thing: a code kept as it is, or the mask it becomes; null
   * when it is words. Its characters are counted first, so that a pattern is tried only where the
   * chunk could match it.
   */
  private shape(start: number, end: number, first: boolean): Shape {
    const { text } = this;
    let letters = 0;
    let hex = 0;
    let dots = 0;
    let colons = 0;
    let dashes = 0;
    let slashes = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (isDigit(c)) continue;
      if (c === 46) dots++;
      else if (c === 58) colons++;
      else if (c === 45) dashes++;
      else if (c === 47) slashes++;
      else if ((c | 32) >= 97 && (c | 32) <= 122) {
        letters++;
        if ((c | 32) <= 102) hex++;
      } else return null;
    }
    const len = end - start;
    const c0 = text.charCodeAt(start);
    if (letters === 0) {
      const marks = dots + colons + dashes + slashes;
      if (marks === 0 || (marks === 1 && dashes === 1 && text.charCodeAt(end - 1) === 45)) {
        // A reply code: at the start of the reply, or before a status code ("550 5.1.1", "550-5.1.1").
        if (len - marks !== 3 || !isClass(c0)) return null;
        return first || this.statusAt(end) ? "kept" : null;
      }
      if (colons === 0 && slashes === 0) {
        if (dashes === 0 && dots === 2) return this.isStatus(start, end) ? "kept" : NUMERIC_DATE.test(text.slice(start, end)) ? "{date}" : null;
        if (dashes === 0 && dots === 3) return this.isIpv4(start, end) ? "{ip}" : null;
        if (dashes === 1 && dots === 2) return len > 4 && isClass(c0) && text.charCodeAt(start + 3) === 45 && this.isStatus(start + 4, end) ? "kept" : null;
        const word = text.slice(start, end);
        if (dashes === 2 && dots === 0) return ISO_DATE.test(word) || NUMERIC_DATE.test(word) ? "{date}" : null;
        return null;
      }
      const word = text.slice(start, end);
      if (slashes === 2 && colons === 0 && dots === 0 && dashes === 0) return NUMERIC_DATE.test(word) ? "{date}" : null;
      if (colons > 0 && slashes === 0 && dashes === 0) {
        if (dots === 3 && colons === 1) return IPV4_PORT.test(word) ? "{ip}" : null;
        if (TIME.test(word)) return "{time}";
        return colons >= 2 && isIpv6(word) ? "{ip}" : null;
      }
      return null;
    }
    if (colons >= 2 && letters === hex && dots + dashes + slashes === 0) return isIpv6(text.slice(start, end)) ? "{ip}" : null;
    if (dashes === 2 && len >= 10 && isDigit(c0) && text.charCodeAt(start + 4) === 45) return ISO_DATE.test(text.slice(start, end)) ? "{date}" : null;
    if (colons > 0 && letters === 1 && (text.charCodeAt(end - 1) | 32) === 122) return TIME.test(text.slice(start, end)) ? "{time}" : null;
    return null;
  }

  /** Whether [start, end) is an enhanced status code: class.subject.detail, as 5.1.1 or 4.7.26. */
  private isStatus(start: number, end: number): boolean {
    const { text } = this;
    if (!isClass(text.charCodeAt(start)) || text.charCodeAt(start + 1) !== 46) return false;
    const dot = this.digitsTo(start + 2, end, 3);
    return dot > start + 2 && dot < end && text.charCodeAt(dot) === 46 && this.digitsTo(dot + 1, end, 3) === end && end > dot + 1;
  }

  /** Whether [start, end) is an IPv4 address: four groups of one to three digits. */
  private isIpv4(start: number, end: number): boolean {
    let at = start;
    for (let group = 0; group < 4; group++) {
      const stop = this.digitsTo(at, end, 3);
      if (stop === at || (group < 3 && this.text.charCodeAt(stop) !== 46)) return false;
      at = group < 3 ? stop + 1 : stop;
    }
    return at === end;
  }

  /** Where the digits from `at` stop (at most `max` of them, and never past `end`). */
  private digitsTo(at: number, end: number, max: number): number {
    let i = at;
    while (i < end && i - at < max && isDigit(this.text.charCodeAt(i))) i++;
    return i;
  }

  /** Whether a status code comes next, after spaces or a dash ("550 5.1.1", "550-5.1.1"). */
  private statusAt(at: number): boolean {
    const { text } = this;
    while (at < text.length && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 45)) at++;
    return isClass(text.charCodeAt(at)) && text.charCodeAt(at + 1) === 46 && isDigit(text.charCodeAt(at + 2));
  }

  /** A date written with a month's name, from this day number on: where it ends, else 0. */
  private wordDate(start: number, end: number): number {
    const { text } = this;
    if (end - start > 2 || !isDigit(text.charCodeAt(start)) || (end - start === 2 && !isDigit(text.charCodeAt(start + 1)))) return 0;
    DAY_MONTH_YEAR.lastIndex = start;
    if (DAY_MONTH_YEAR.test(text)) {
      const tail = Math.max(0, this.length - 12);
      const weekday = WEEKDAY_BEFORE.exec(this.string(tail));
      if (weekday) this.length = tail + weekday.index + (/^[a-z]/.test(weekday[0]) ? 0 : 1);
      this.append("{date}");
      return this.zoneAfter(DAY_MONTH_YEAR.lastIndex);
    }
    // "dec 1, 2026": a month's name, then a space, just before. The longest with a weekday take 21 units.
    if (this.length < 4 || this.out[this.length - 1] !== 32 || !isLetter(this.out[this.length - 2])) return 0;
    const tail = Math.max(0, this.length - 24);
    const month = MONTH_BEFORE.exec(this.string(tail));
    if (month) {
      DAY_YEAR.lastIndex = start;
      if (!DAY_YEAR.test(text)) return 0;
      this.length = tail + month.index + (/^[a-z]/.test(month[0]) ? 0 : 1);
      this.append("{date}");
      return DAY_YEAR.lastIndex;
    }
    return 0;
  }

  private zoneAfter(at: number): number {
    // A time right after the date is part of it ("1 dec 2026 10:00:00 +0000"), and so is its zone.
    TIME_AFTER.lastIndex = at;
    if (TIME_AFTER.test(this.text)) at = TIME_AFTER.lastIndex;
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
        this.copy(i, j);
      } else if (digits) this.mask(letters ? "{id}" : "{number}");
      else this.copy(i, j);
      i = j;
    }
  }

  private mask(token: string): void {
    // A time right after a date is part of it.
    if (token === "{time}" && this.endsWith("{date} ")) {
      this.length--;
      this.maskStart = -1;
      return;
    }
    const part = token === "{id}" || token === "{number}";
    if (part && this.maskStart >= 0 && this.joinedSinceMask()) {
      this.length = this.maskStart;
      this.append("{id}");
    } else {
      this.maskStart = this.length;
      this.append(token);
    }
    this.maskEnd = this.length;
    if (!part) this.maskStart = -1;
  }

  /** Whether only punctuation that joins an id's parts came since the last mask. */
  private joinedSinceMask(): boolean {
    if (this.maskEnd >= this.length) return false;
    for (let i = this.maskEnd; i < this.length; i++) if (!JOINER_CODES.has(this.out[i])) return false;
    return true;
  }
}

const writer = new KeyWriter();

const isSentenceEnd = (c: number) => c === 46 || c === 58 || c === 33 || c === 63;
/** The first digit of a reply or status code that says a delivery failed or may: 2, 4 or 5. */
const isClass = (c: number) => c === 50 || c === 52 || c === 53;

function isIpv6(word: string): boolean {
  return IPV6.test(word) && (word.includes("::") || word.split(":").length === 8);
}

/**
 * The longest lower-case ASCII words of a key outside its masks (three at most, of three letters or
 * more): every diagnostic with this key that is ASCII contains them in lower case, so a search over
 * many bounces can skip the others before computing their keys.
 */
export function replyKeyWords(key: string, most = 3): string[] {
  const words = new Set(
    key
      .replace(/\{(?:address|ip|date|time|id|number)\}/g, " ")
      .split(/[^a-z]+/)
      .filter((w) => w.length >= 3),
  );
  return [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).slice(0, most);
}
