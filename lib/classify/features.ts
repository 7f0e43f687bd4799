/**
 * What the learned fallback (model.ts) reads from a reply: its folded words, with addresses,
 * numbers, IPs, dates and ids masked, and the character n-grams of each word.
 *
 * Words fold as the phrase rules fold them (fold.ts: case and accents, "Buzón" → "buzon");
 * Cyrillic, Greek and Hangul words lower-case, Hebrew and Arabic words as written; each Chinese or
 * Japanese character is a word.
 * A token is a run of letters and digits. Masked, so two replies that differ only in these
 * read the same:
 * - an address: the "local@domain" chunk around an "@";
 * - numbers, IPs, dates, times, ports: tokens of digits;
 * - ids ("d2e1a72fcca58", "BN8NAM11FT012"): tokens mixing letters and digits, except a short
 *   code of letters then digits, read as its letters (Yahoo's "TSS04" → "tss", "BL21" → "bl").
 * Only the first FEATURE_SCAN_LIMIT characters are read: the reason comes first.
 *
 * Two implementations of the same walk: `replyWords` gives the words (training, explanations,
 * the corpus split) and `wordHashes` their hashes and characters with no string work (classify's
 * hot path). A test checks that they agree on every reply of the corpus. The model also reads
 * the character n-grams of each word (`wordNgrams` by name, `ngramHashes` by hash), which let it
 * recognise a word it has seen in another form ("desactivada", "desactivado").
 */
import { FOLD } from "./fold";

/**
 * Per UTF-16 code unit: > 0 a word character (its folded code), DIGIT, IDEOGRAPH_BIT | code for
 * a character that is a word by itself (Chinese and Japanese write no spaces), 0 a separator.
 * Latin letters fold as fold.ts folds them; Cyrillic, Greek and Hangul letters lower-case; Hebrew
 * and Arabic letters as they are.
 */
const DIGIT = -1;
const IDEOGRAPH_BIT = 1 << 20;
const CHAR: Int32Array = buildCharTable();

function buildCharTable(): Int32Array {
  const t = new Int32Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = FOLD[c];
  for (let c = 48; c <= 57; c++) t[c] = DIGIT;
  const lower = (c: number) => String.fromCharCode(c).toLowerCase().charCodeAt(0);
  for (let c = 0x386; c <= 0x3ff; c++) if (/\p{L}/u.test(String.fromCharCode(c))) t[c] = lower(c); // Greek
  for (let c = 0x400; c <= 0x4ff; c++) if (/\p{L}/u.test(String.fromCharCode(c))) t[c] = lower(c); // Cyrillic
  t[0x451] = t[0x401] = 0x435; // ё → е
  for (let c = 0x5d0; c <= 0x5ea; c++) t[c] = c; // Hebrew letters
  for (let c = 0x620; c <= 0x64a; c++) t[c] = c; // Arabic letters (no vowel marks)
  for (let c = 0x671; c <= 0x6d3; c++) t[c] = c; // Arabic letters of Persian and Urdu
  for (let c = 0xac00; c <= 0xd7a3; c++) t[c] = c; // Hangul syllables
  for (let c = 0x3041; c <= 0x30ff; c++) t[c] = IDEOGRAPH_BIT | c; // kana
  for (let c = 0x3400; c <= 0x9fff; c++) t[c] = IDEOGRAPH_BIT | c; // CJK ideographs
  t[0x30fb] = t[0x30a0] = 0; // "・", "゠" separate
  t[0x30fc] = IDEOGRAPH_BIT | 0x30fc; // "ー" (long vowel) belongs to its word in practice
  return t;
}

/**
 * Whether a word is one Chinese or Japanese character (kana, ideograph). Two adjacent ones are
 * read as a pair too when the model was trained so ("垃圾" rubbish, "病毒" virus): one character
 * alone says little.
 */
export function isIdeographCode(c: number): boolean {
  return c >= 0x3041 && c <= 0x9fff;
}

export const FEATURE_SCAN_LIMIT = 600;
/** Longest word kept: longer runs of letters are encoded blobs, not words. */
const MAX_WORD = 24;
/** Most words one reply yields (every character an ideograph). */
export const MAX_WORDS = FEATURE_SCAN_LIMIT;

/**
 * FNV-1a over a word's folded characters. (Not the phrase matcher's base-31 hash: that one makes
 * Cyrillic words of the same length collide, "ена" and "емя".)
 */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < word.length; k++) h = Math.imul(h ^ word.charCodeAt(k), FNV_PRIME);
  return h;
}

/** Hash of the pair "a b" from the hashes of a and b; never equal to a word's in practice. */
export function pairHash(a: number, b: number): number {
  return (Math.imul(a ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(b, 0x85ebca6b) + 0x27d4eb2f) | 0;
}

/** Characters that end the chunk an address belongs to. */
function isChunkEdge(c: number): boolean {
  // space, tab, LF, CR, " ' ( ) , : ; < = > [ ]
  return (
    c === 32 ||
    c === 9 ||
    c === 10 ||
    c === 13 ||
    c === 34 ||
    c === 39 ||
    c === 40 ||
    c === 41 ||
    c === 44 ||
    c === 58 ||
    c === 59 ||
    c === 60 ||
    c === 61 ||
    c === 62 ||
    c === 91 ||
    c === 93
  );
}

/** Whether a token of `letters` letters then `digits` digits (letters first) is a short code. */
function isShortCode(letters: number, digits: number, lettersFirst: boolean): boolean {
  return lettersFirst && letters >= 2 && letters <= 4 && digits <= 4;
}

/** The folded, masked words of a reply, in order. */
export function replyWords(text: string): string[] {
  const words: string[] = [];
  const n = Math.min(text.length, FEATURE_SCAN_LIMIT);
  let chunkStart = 0; // words[chunkStart…] came after the last chunk edge
  let cur = "";
  let digits = 0;
  let lettersFirst = true; // no letter came after a digit
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    const k = CHAR[c];
    if (k > 0 && k < IDEOGRAPH_BIT) {
      if (digits > 0) lettersFirst = false;
      cur += String.fromCharCode(k);
      continue;
    }
    if (k === DIGIT) {
      digits++;
      continue;
    }
    if (cur.length > 0 && cur.length <= MAX_WORD && (digits === 0 || isShortCode(cur.length, digits, lettersFirst))) {
      words.push(cur);
    }
    cur = "";
    digits = 0;
    lettersFirst = true;
    if (k !== 0) {
      words.push(String.fromCharCode(k ^ IDEOGRAPH_BIT));
    } else if (c === 64) {
      // "@": drop the local part and skip the domain.
      words.length = chunkStart;
      while (i + 1 < n && !isChunkEdge(text.charCodeAt(i + 1))) i++;
    } else if (isChunkEdge(c)) {
      chunkStart = words.length;
    }
  }
  return words;
}

/** Where wordHashes writes: each word's hash and folded characters, reused from call to call. */
export interface WordBuffer {
  /** hashes[k]: wordHash of word k. */
  hashes: Int32Array;
  /** Word k's characters are chars[starts[k]] … chars[starts[k + 1] - 1]. */
  starts: Int32Array;
  chars: Int32Array;
}

export function newWordBuffer(): WordBuffer {
  return { hashes: new Int32Array(MAX_WORDS), starts: new Int32Array(MAX_WORDS + 1), chars: new Int32Array(FEATURE_SCAN_LIMIT + 1) };
}

/**
 * replyWords(text) as hashes and character codes, into `buf`; returns how many words. Mirrors
 * replyWords step by step, with a tight loop for runs of ASCII letters.
 */
export function wordHashes(text: string, buf: WordBuffer): number {
  const { hashes, starts, chars } = buf;
  let count = 0;
  let pos = 0; // next free slot in chars
  let wordStart = 0; // where the current token's characters start
  const n = Math.min(text.length, FEATURE_SCAN_LIMIT);
  let chunkStart = 0;
  let h = FNV_OFFSET;
  let len = 0;
  let digits = 0;
  let lettersFirst = true;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    let f = c | 32;
    if ((f - 97) >>> 0 < 26) {
      if (digits > 0) lettersFirst = false;
      // A run of ASCII letters in its own loop, so h and len stay in registers.
      do {
        h = Math.imul(h ^ f, FNV_PRIME);
        chars[pos++] = f;
        len = (len + 1) | 0;
        c = ++i < n ? text.charCodeAt(i) : 32;
        f = c | 32;
      } while ((f - 97) >>> 0 < 26);
    }
    const k = CHAR[c];
    if (k > 0 && k < IDEOGRAPH_BIT) {
      if (digits > 0) lettersFirst = false;
      h = Math.imul(h ^ k, FNV_PRIME);
      chars[pos++] = k;
      len++;
      continue;
    }
    if (k === DIGIT) {
      digits++;
      continue;
    }
    if (len > 0 && len <= MAX_WORD && (digits === 0 || isShortCode(len, digits, lettersFirst))) {
      starts[count] = wordStart;
      hashes[count++] = h;
    } else {
      pos = wordStart; // not a word: forget its characters
    }
    h = FNV_OFFSET;
    len = 0;
    digits = 0;
    lettersFirst = true;
    if (k !== 0) {
      starts[count] = pos;
      chars[pos++] = k ^ IDEOGRAPH_BIT;
      hashes[count++] = Math.imul(FNV_OFFSET ^ (k ^ IDEOGRAPH_BIT), FNV_PRIME); // a one-character word
    } else if (c === 64) {
      if (count > chunkStart) pos = starts[chunkStart];
      count = chunkStart;
      while (i + 1 < n && !isChunkEdge(text.charCodeAt(i + 1))) i++;
    } else if (isChunkEdge(c)) {
      chunkStart = count;
    }
    wordStart = pos;
  }
  starts[count] = pos;
  return count;
}

/** Marks the start and the end of a word in its character n-grams ("<" and ">" in their names). */
const EDGE = 1;
const NGRAM_SEED = 0x3c5a7e1; // n-grams and words hash apart

/** Hash of a character n-gram feature named "#" + n characters, "<" and ">" marking word edges. */
export function ngramFeatureHash(feature: string): number {
  let h = NGRAM_SEED;
  for (let k = 1; k < feature.length; k++) {
    const c = feature.charCodeAt(k);
    h = Math.imul(h ^ (c === 60 || c === 62 ? EDGE : c), FNV_PRIME);
  }
  return h;
}

/**
 * The character n-grams of a word of at least n - 1 characters, with its edges marked
 * ("<mailbox>" → "#<mai", "#mail", … "#box>" for n = 4), as names (training, explanations).
 */
export function wordNgrams(word: string, n: number): string[] {
  const x = `<${word}>`;
  const out: string[] = [];
  if (x.length > n) for (let i = 0; i + n <= x.length; i++) out.push(`#${x.slice(i, i + n)}`);
  return out;
}

/**
 * The hashes of word k's character n-grams (as wordNgrams names them) into `out` from `at`;
 * returns the new end.
 */
export function ngramHashes(buf: WordBuffer, k: number, n: number, out: Int32Array, at: number): number {
  const { chars } = buf;
  const start = buf.starts[k];
  const end = buf.starts[k + 1];
  const L = end - start + 2; // with the two edges
  if (L <= n) return at;
  for (let i = 0; i + n <= L; i++) {
    let h = NGRAM_SEED;
    for (let j = i; j < i + n; j++) {
      const c = j === 0 || j === L - 1 ? EDGE : chars[start + j - 1];
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    out[at++] = h;
  }
  return at;
}

/**
 * The reply's codes as features, so the model can weigh them with the words: "=s5" (status
 * class), "=s5.7" (class and subject), "=x7.1" (subject and detail, details below SIGNAL_DETAILS),
 * "=r550" (reply code) and "=r5" (its class). `status` is packed as codes.ts packs it
 * (class × 1,000,000 + subject × 1000 + detail), `code` a reply code; -1 for none. Names contain
 * "=", which no word does, so they never collide with words.
 */
const SIGNAL_DETAILS = 30;

export function signalFeatures(status: number, code: number): string[] {
  const out: string[] = [];
  if (status >= 4_000_000 && status < 6_000_000) {
    const cls = Math.floor(status / 1_000_000);
    const subject = Math.floor(status / 1000) % 1000;
    const detail = status % 1000;
    out.push(`=s${cls}`);
    if (subject <= 7) {
      out.push(`=s${cls}.${subject}`);
      if (detail < SIGNAL_DETAILS) out.push(`=x${subject}.${detail}`);
    }
  }
  if (code >= 400 && code <= 599) out.push(`=r${code}`, `=r${Math.floor(code / 100)}`);
  return out;
}

// The same features by hash, precomputed so the hot path builds no string.
const SIGNAL_CLASS = [4, 5].map((c) => wordHash(`=s${c}`));
const SIGNAL_SUBJECT = [4, 5].map((c) => Int32Array.from({ length: 8 }, (_, s) => wordHash(`=s${c}.${s}`)));
const SIGNAL_DETAIL = Int32Array.from({ length: 8 * SIGNAL_DETAILS }, (_, k) => wordHash(`=x${Math.floor(k / SIGNAL_DETAILS)}.${k % SIGNAL_DETAILS}`));
const SIGNAL_CODE = Int32Array.from({ length: 200 }, (_, k) => wordHash(`=r${400 + k}`));
const SIGNAL_CODE_CLASS = [4, 5].map((c) => wordHash(`=r${c}`));

/** signalFeatures(status, code) as hashes, into `out` from `at`; returns the new end. */
export function signalHashes(status: number, code: number, out: Int32Array, at: number): number {
  if (status >= 4_000_000 && status < 6_000_000) {
    const c = status >= 5_000_000 ? 1 : 0;
    const subject = Math.floor(status / 1000) % 1000;
    const detail = status % 1000;
    out[at++] = SIGNAL_CLASS[c];
    if (subject <= 7) {
      out[at++] = SIGNAL_SUBJECT[c][subject];
      if (detail < SIGNAL_DETAILS) out[at++] = SIGNAL_DETAIL[subject * SIGNAL_DETAILS + detail];
    }
  }
  if (code >= 400 && code <= 599) {
    out[at++] = SIGNAL_CODE[code - 400];
    out[at++] = SIGNAL_CODE_CLASS[code >= 500 ? 1 : 0];
  }
  return at;
}
