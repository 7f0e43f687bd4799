/**
 * Hand-written scanners for the two codes a bounce reply carries (no regular expressions: they
 * run for every bounce and a scan is several times cheaper).
 *
 * - Enhanced status code (RFC 3463): class "." subject "." detail, e.g. "5.1.1", "4.7.0",
 *   "5.7.606". Found at the start of a status field ("5.1.1 (bad destination mailbox address)")
 *   or anywhere in a diagnostic ("smtp;550-5.1.1 The email…", "(#5.1.1)").
 * - SMTP reply code (RFC 5321): three digits at the start of a diagnostic, after an optional
 *   "smtp;" prefix ("smtp;550 5.1.1 …", "421-4.7.0 …").
 */

/** How far into a text we look for a status code; real replies put it in the first line. */
const STATUS_SCAN_LIMIT = 500;

/**
 * Packed status: class * 1_000_000 + subject * 1000 + detail, or -1 when there is none.
 * Packing keeps the hot path free of allocations.
 */
export function scanStatus(text: string): number {
  const n = Math.min(text.length, STATUS_SCAN_LIMIT);
  // Jump from dot to dot with the native indexOf (a status has its first dot right after the
  // class digit); far cheaper than looking at every character.
  for (let dot = text.indexOf(".", 1); dot !== -1 && dot + 3 < n; dot = text.indexOf(".", dot + 1)) {
    const i = dot - 1;
    const c = text.charCodeAt(i);
    // Class must be 2, 4 or 5 and must start a token (not part of "203.0.113.7" or "x5.1.1").
    if (c !== 50 && c !== 52 && c !== 53) continue;
    if (i > 0 && isTokenChar(text.charCodeAt(i - 1))) continue;
    let j = dot + 1;
    let subject = 0;
    let digits = 0;
    while (j < n && digits < 4) {
      const d = text.charCodeAt(j) - 48;
      if (d < 0 || d > 9) break;
      subject = subject * 10 + d;
      digits++;
      j++;
    }
    // RFC 3463 defines subjects 0-7; a larger one is a version number or a date, not a status.
    if (digits === 0 || digits > 3 || subject > 7 || text.charCodeAt(j) !== 46) continue;
    j++;
    let detail = 0;
    digits = 0;
    while (j < n && digits < 4) {
      const d = text.charCodeAt(j) - 48;
      if (d < 0 || d > 9) break;
      detail = detail * 10 + d;
      digits++;
      j++;
    }
    if (digits === 0 || digits > 3) continue;
    // Reject a fourth dotted part ("5.1.1.2", IP addresses) and trailing letters/digits.
    if (j < text.length) {
      const next = text.charCodeAt(j);
      if (isAlnum(next)) continue;
      if (next === 46 && j + 1 < text.length && isDigit(text.charCodeAt(j + 1))) continue;
    }
    return (c - 48) * 1_000_000 + subject * 1000 + detail;
  }
  return -1;
}

/** Reply code from the start of a text: optional spaces, optional "smtp;" and spaces, 3 digits. */
export function scanReplyCode(text: string): number {
  let i = 0;
  const n = text.length;
  while (i < n && isLeadingJunk(text.charCodeAt(i))) i++;
  // Optional "smtp;" / "smtp:" prefix (PowerMTA writes "smtp;550 …"), case-insensitive.
  if (
    i + 5 <= n &&
    (text.charCodeAt(i) | 32) === 115 &&
    (text.charCodeAt(i + 1) | 32) === 109 &&
    (text.charCodeAt(i + 2) | 32) === 116 &&
    (text.charCodeAt(i + 3) | 32) === 112 &&
    (text.charCodeAt(i + 4) === 59 || text.charCodeAt(i + 4) === 58)
  ) {
    i += 5;
    while (i < n && isLeadingJunk(text.charCodeAt(i))) i++;
  }
  if (i < n && text.charCodeAt(i) === 35) i++; // "#550" appears in some Exchange NDRs
  return readReplyDigits(text, i);
}

/** How far into a text a quoted reply code is looked for: the wrappers that precede it are short. */
const QUOTED_SCAN_LIMIT = 300;

/**
 * A reply code quoted inside a wrapper, for a text that does not start with one: "host x[ip]
 * said: 550 …", "<a@b>: 550 …", "Remote Server returned '550 …'", "Diagnostic-Code: smtp; 421 …",
 * Exim's "host x [ip]: 550 …". Three digits right after ":", ";" or a quote (spaces between
 * allowed) and followed by a space or "-"; the first one counts. -1 when there is none.
 */
export function scanQuotedReplyCode(whole: string): number {
  // A bounded view (a cheap slice), so indexOf never runs through a huge hostile text.
  const text = whole.length > QUOTED_SCAN_LIMIT ? whole.slice(0, QUOTED_SCAN_LIMIT) : whole;
  const n = text.length;
  let bestAt = n;
  let bestCode = -1;
  for (let m = 0; m < QUOTE_MARKS.length; m++) {
    // Each mark's occurrences through the native indexOf, up to the best one found so far.
    for (let at = text.indexOf(QUOTE_MARKS[m]); at !== -1 && at < bestAt; at = text.indexOf(QUOTE_MARKS[m], at + 1)) {
      let i = at + 1;
      while (i < n && text.charCodeAt(i) === 32) i++;
      const code = readReplyDigits(text, i);
      const next = i + 3 < text.length ? text.charCodeAt(i + 3) : 32;
      if (code >= 0 && (next === 32 || next === 45 || next === 10 || next === 13)) {
        bestAt = at;
        bestCode = code;
        break;
      }
    }
  }
  return bestCode;
}
const QUOTE_MARKS = [":", ";", "'", '"'];

/** A reply code given on its own (a replyCode column): a number or a string starting with one. */
export function replyCodeFromField(value: unknown): number {
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 200 && value <= 599 ? value : -1;
  }
  if (typeof value === "string") return scanReplyCode(value);
  return -1;
}

function readReplyDigits(text: string, i: number): number {
  if (i + 3 > text.length) return -1;
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  const c = text.charCodeAt(i + 2) - 48;
  if (a < 2 || a > 5 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  if (i + 3 < text.length) {
    const next = text.charCodeAt(i + 3);
    // "550 …", "550-…" and "550." are replies; "5501", "550a" and "554.30" (Yahoo's id) are not.
    if (isAlnum(next)) return -1;
    if (next === 46 && i + 4 < text.length && isDigit(text.charCodeAt(i + 4))) return -1;
  }
  return a * 100 + b * 10 + c;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}
function isTokenChar(c: number): boolean {
  return isAlnum(c) || c === 46;
}
/** Spaces and quotes that may precede a reply code in an export ("'550 …'"). */
function isLeadingJunk(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 34 || c === 39;
}

/** "5.1.1" from a packed status. */
export function formatStatus(packed: number): string {
  const cls = Math.floor(packed / 1_000_000);
  const subject = Math.floor(packed / 1000) % 1000;
  const detail = packed % 1000;
  return `${cls}.${subject}.${detail}`;
}

/**
 * Enhanced status code found in a text, e.g. "5.1.1" from "5.1.1 (bad destination mailbox
 * address)" or from "smtp;550-5.1.1 The email account…"; null when there is none.
 */
export function parseStatus(text: unknown): string | null {
  if (typeof text !== "string" || text.length === 0) return null;
  const packed = scanStatus(text);
  return packed < 0 ? null : formatStatus(packed);
}

/**
 * SMTP reply code from a replyCode value (550, "550") or from the start of a diagnostic after an
 * optional "smtp;" prefix ("smtp;550 5.1.1 …" → 550); null when there is none.
 */
export function parseReplyCode(text: unknown): number | null {
  const code = replyCodeFromField(text);
  return code < 0 ? null : code;
}
