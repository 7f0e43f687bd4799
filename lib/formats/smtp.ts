/**
 * Helpers that pull SMTP facts out of the free text servers reply with.
 *
 * They run several times per imported row, so the shapes nearly every reply has ("smtp;550 …",
 * "5.1.1") are read with character tests; each fast path decides exactly as its regex would and
 * leaves everything else to the regex.
 */

// An enhanced status code (RFC 3463) not embedded in a longer dotted number such as an IP address.
const ENHANCED_STATUS = /(?<![\w.])([245])\.(\d{1,3})\.(\d{1,3})(?!\w|\.\d)/;
// "… 550 5.1.1 …" or "… 550-5.1.1 …" further into the text: a reply code followed by a status.
const EMBEDDED_REPLY = /(?<![\w.])([245]\d\d)[ -][245]\.\d{1,3}\.\d{1,3}(?!\w|\.\d)/;

/** Drops the DSN diagnostic-type "smtp;" that PowerMTA and SES put before the server's words. */
export function stripSmtpPrefix(text: string): string {
  const end = smtpPrefixEnd(text);
  return end === -1 ? text : text.slice(end);
}

/** "5.1.1 (bad destination mailbox address)" or "smtp;550 5.1.1 User unknown" → "5.1.1". */
export function extractStatus(text: string | null | undefined): string | null {
  if (!text) return null;
  const lead = leadingStatusEnd(text);
  if (lead !== -1) return lead === text.length ? text : text.slice(0, lead);
  const m = ENHANCED_STATUS.exec(text);
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : null;
}

/** SMTP reply code at the start of a server reply ("550-5.1.1 …", "smtp;554 …"), or null. */
export function extractReplyCode(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = stripSmtpPrefix(text);
  const code = leadingReply(t);
  if (code !== -1) return code;
  const m = EMBEDDED_REPLY.exec(t);
  return m ? Number(m[1]) : null;
}

/** A column that should hold a reply code: "550", " 550 ", "550 5.1.1". */
export function parseReplyCode(value: string | null | undefined): number | null {
  if (!value) return null;
  const code = leadingReply(value);
  return code === -1 ? null : code;
}

/** What `\s` matches in a regex: ECMAScript white space and line terminators. */
export function isRegexSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && isRegexSpace(text.charCodeAt(i))) i++;
  return i;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** "2", "4" or "5": the classes of a failure or success reply. */
const isReplyClass = (c: number) => c === 50 || c === 52 || c === 53;

/** Where the text after a leading "smtp;" ends (any case, \s spaces around it allowed), or -1 without one. */
function smtpPrefixEnd(text: string): number {
  let i = skipSpaces(text, 0);
  // `| 0x20` folds ASCII upper case only, as the non-unicode /i flag does for these letters.
  if (
    i + 4 > text.length ||
    (text.charCodeAt(i) | 0x20) !== 0x73 ||
    (text.charCodeAt(i + 1) | 0x20) !== 0x6d ||
    (text.charCodeAt(i + 2) | 0x20) !== 0x74 ||
    (text.charCodeAt(i + 3) | 0x20) !== 0x70
  ) {
    return -1;
  }
  i = skipSpaces(text, i + 4);
  if (text.charCodeAt(i) !== 59) return -1; // ";"
  return skipSpaces(text, i + 1);
}

/** The code /^\s*([245]\d\d)(?![\d.])/ would capture, or -1. */
function leadingReply(text: string): number {
  const i = skipSpaces(text, 0);
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  const c = text.charCodeAt(i + 2);
  if (!isReplyClass(a) || !isDigit(b) || !isDigit(c)) return -1;
  const next = text.charCodeAt(i + 3); // NaN past the end
  if (isDigit(next) || next === 46) return -1;
  return (a - 48) * 100 + (b - 48) * 10 + (c - 48);
}

/**
 * When the text starts with a status ENHANCED_STATUS matches, already in canonical form
 * ("5.1.1", not "5.01.1"), its length; else -1 (the regex then decides).
 */
function leadingStatusEnd(text: string): number {
  if (!isReplyClass(text.charCodeAt(0)) || text.charCodeAt(1) !== 46) return -1;
  const mid = digitRun(text, 2);
  if (mid === 0 || mid > 3 || text.charCodeAt(2 + mid) !== 46) return -1;
  const start = 3 + mid;
  const last = digitRun(text, start);
  if (last === 0 || last > 3) return -1;
  const end = start + last;
  const next = text.charCodeAt(end);
  // (?!\w|\.\d)
  if (isWordChar(next) || (next === 46 && isDigit(text.charCodeAt(end + 1)))) return -1;
  // Number() would drop a leading zero: leave that rewriting to the regex path.
  if ((mid > 1 && text.charCodeAt(2) === 48) || (last > 1 && text.charCodeAt(start) === 48)) return -1;
  return end;
}

function digitRun(text: string, from: number): number {
  let i = from;
  while (isDigit(text.charCodeAt(i))) i++;
  return i - from;
}

/** `\w` without the u flag: ASCII letters, digits and "_". */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
