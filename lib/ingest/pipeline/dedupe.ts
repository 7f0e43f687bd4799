/**
 * The dedupe key identifies one bounce event: the same address, at the same moment, with the same
 * status and server reply. Re-importing a file, or two overlapping exports, then adds nothing twice.
 * Rows without a date use "-" for the time, so a dateless file re-imported is still recognised.
 *
 * A 64-bit FNV-1a hash keeps the unique index small whatever the diagnostic's length; at a million
 * rows the chance of any collision is about 3e-8.
 *
 * Keys are stored in users' databases: the value must never change. It is the hash of the text
 * `${email}\u0001${occurredAtMs ?? "-"}\u0001${dsnStatus ?? ""}\u0001${replyCode ?? ""}\u0001${diagnostic ?? ""}`,
 * computed here part by part (the same code units in the same order) without building that string,
 * which was a third of the cost per row.
 */
export function dedupeKey(
  email: string,
  occurredAtMs: number | null,
  dsnStatus: string | null,
  replyCode: number | null,
  diagnostic: string | null,
  hashes: KeyHashes = scratch,
): string {
  dedupeHashes(email, occurredAtMs, dsnStatus, replyCode, diagnostic, hashes);
  return hex(hashes.keyHi, hashes.keyLo);
}

/**
 * The dedupe key as numbers, without its text: what an import stores (Bounce.dedupeKey is the signed
 * 64-bit integer `keyHi << 32 | keyLo >>> 0`, the value of dedupeKey's hex digits; the writer has
 * SQLite put it together, lib/ingest/pipeline/writer.ts), and the address's hash on the way.
 */
export function dedupeHashes(
  email: string,
  occurredAtMs: number | null,
  dsnStatus: string | null,
  replyCode: number | null,
  diagnostic: string | null,
  hashes: KeyHashes,
): void {
  h1 = SEED1;
  h2 = SEED2;
  feedText(email);
  // The hash so far is the address's own (fnv1a64Into(email).lo): the writer's address table keys.
  hashes.email = h2 | 0;
  feedCode(SEPARATOR);
  if (occurredAtMs == null) feedCode(DASH);
  else feedNumber(occurredAtMs);
  feedCode(SEPARATOR);
  if (dsnStatus != null) feedText(dsnStatus);
  feedCode(SEPARATOR);
  if (replyCode != null) feedNumber(replyCode);
  feedCode(SEPARATOR);
  if (diagnostic != null) feedText(diagnostic);
  hashes.keyHi = h1 | 0;
  hashes.keyLo = h2 | 0;
}

/**
 * What `dedupeKey` can also give, as numbers: the key's two halves (the hex digits' value) and the
 * 32-bit hash of the address. The writer's in-memory lookups take these (lib/ingest/pipeline/writer.ts);
 * computed here, where the text is hashed anyway, they cost nothing, while the writer reading them
 * back from the strings, a character at a time from slices of a batch's text, took ~0.7 µs a row of
 * its thread's time (perf samples, lib/ingest/bench/writer-only.ts on 1,000,000 rows).
 */
export interface KeyHashes {
  email: number;
  keyHi: number;
  keyLo: number;
}

const scratch: KeyHashes = { email: 0, keyHi: 0, keyLo: 0 };

/** FNV-1a over UTF-16 code units, as two 32-bit halves (JS has no fast 64-bit integer multiply). */
export function fnv1a64(text: string): string {
  h1 = SEED1;
  h2 = SEED2;
  feedText(text);
  return hex(h1, h2);
}

/** The two halves of fnv1a64(text) as 32-bit integers, into `out`: for hash tables, without a string. */
export function fnv1a64Into(text: string, out: { hi: number; lo: number }): void {
  h1 = SEED1;
  h2 = SEED2;
  feedText(text);
  out.hi = h1 | 0;
  out.lo = h2 | 0;
}

const SEED1 = 0x811c9dc5;
const SEED2 = 0xcbf29ce4;
const SEPARATOR = 1;
const DASH = 45;

// The running hash. Module state rather than an object so that hashing allocates nothing; every
// entry point resets it first, and nothing in between can re-enter.
let h1 = 0;
let h2 = 0;

function feedText(text: string): void {
  let a = h1;
  let b = h2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x0100019d) ^ (a >>> 15);
  }
  h1 = a;
  h2 = b;
}

function feedCode(c: number): void {
  h1 = Math.imul(h1 ^ c, 0x01000193);
  h2 = Math.imul(h2 ^ c, 0x0100019d) ^ (h1 >>> 15);
}

const digits = new Uint8Array(16);

/**
 * Feeds the number's decimal text, as `${n}` writes it. Whole numbers (dates in ms, reply codes) go
 * digit by digit in two halves below 1e8, where division is integer arithmetic; `%` on a 13-digit
 * double is a slow floating-point remainder.
 */
function feedNumber(n: number): void {
  if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER && Number.isInteger(n))) {
    feedText(String(n)); // negative, fractional, huge or NaN: rare enough for the general route
    return;
  }
  if (n < 1e8) {
    feedDigits(n, 1);
    return;
  }
  let high = Math.floor(n / 1e8);
  let low = n - high * 1e8;
  if (low < 0) {
    // n / 1e8 rounded up to the next whole number
    high--;
    low += 1e8;
  }
  feedDigits(high, 1);
  feedDigits(low, 8);
}

/** The digits of 0 <= n < 1e8, left-padded with zeros to `width`. */
function feedDigits(n: number, width: number): void {
  let k = 0;
  while (n > 0 || k < width) {
    const q = (n / 10) | 0;
    digits[k++] = 48 + n - q * 10;
    n = q;
  }
  while (k > 0) feedCode(digits[--k]);
}

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/** 16 lower-case hex digits, built as one flat string (toString(16) + padStart made five strings). */
function hex(a: number, b: number): string {
  return String.fromCharCode(
    HEX[(a >>> 28) & 15],
    HEX[(a >>> 24) & 15],
    HEX[(a >>> 20) & 15],
    HEX[(a >>> 16) & 15],
    HEX[(a >>> 12) & 15],
    HEX[(a >>> 8) & 15],
    HEX[(a >>> 4) & 15],
    HEX[a & 15],
    HEX[(b >>> 28) & 15],
    HEX[(b >>> 24) & 15],
    HEX[(b >>> 20) & 15],
    HEX[(b >>> 16) & 15],
    HEX[(b >>> 12) & 15],
    HEX[(b >>> 8) & 15],
    HEX[(b >>> 4) & 15],
    HEX[b & 15],
  );
}
