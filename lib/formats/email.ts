/**
 * Email address normalisation, shared by the readers and ingest so that both agree on what a
 * valid address is and on its canonical (lower-case, ASCII-domain) form.
 *
 * An internationalised domain is stored in its ASCII (punycode) form whatever brought it: a CSV
 * column or a bounce email's "utf-8;" address (RFC 6533). A subscriber list may hold either form
 * (usually the Unicode one people typed); both normalise to the same address, so they dedupe.
 */

export type NormalizedEmail = { email: string; domain: string } | { error: string };

/** Characters that never appear unquoted in a real address and signal a pasted display name or list. */
function badLocalChar(c: number): boolean {
  return (
    c <= 32 ||
    c === 0x7f ||
    c === 0xa0 ||
    c === 0x3c /* < */ ||
    c === 0x3e /* > */ ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x5c ||
    c === 0x2c /* , */ ||
    c === 0x3b /* ; */ ||
    c === 0x3a /* : */ ||
    c === 0x22 /* " */ ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x3000
  );
}

// Bounce lists repeat a handful of domains, so each one is checked (and IDNA-converted) only once.
const domainCache = new Map<string, string | null>();
const DOMAIN_CACHE_MAX = 50_000;

function cachedDomain(domain: string): string | null {
  let ascii = domainCache.get(domain);
  if (ascii === undefined) {
    ascii = checkDomain(domain);
    if (domainCache.size >= DOMAIN_CACHE_MAX) domainCache.clear();
    domainCache.set(domain, ascii);
  }
  return ascii;
}

/** true = plain ASCII, false = has non-ASCII letters, null = has ASCII characters no host name allows. */
function isAsciiDomain(domain: string): boolean | null {
  let ascii = true;
  for (let i = 0; i < domain.length; i++) {
    const c = domain.charCodeAt(i);
    if (c > 127) ascii = false;
    // Without this, the URL parser would quietly drop a "/path" or ":port" and accept the rest.
    else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95)) return null;
  }
  return ascii;
}

/** Lower-cased ASCII domain, or null when it is not a plausible host name. */
function checkDomain(domain: string): string | null {
  let ascii = domain.toLowerCase();
  const plain = isAsciiDomain(ascii);
  if (plain === null) return null;
  if (!plain) {
    try {
      // The URL parser applies IDNA (punycode) the same way browsers and mail clients do.
      ascii = new URL("http://" + ascii).hostname;
    } catch {
      return null;
    }
  }
  if (ascii.length > 253 || ascii.indexOf(".") === -1) return null;
  const labels = ascii.split(".");
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return null;
    if (label.charCodeAt(0) === 45 || label.charCodeAt(label.length - 1) === 45) return null; // "-"
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
      if (!ok) return null;
    }
  }
  return ascii;
}

export function normalizeEmail(raw: string): NormalizedEmail {
  const email = canonicalEmail(raw);
  return typeof email === "string" ? { email, domain: email.slice(email.lastIndexOf("@") + 1) } : email;
}

/**
 * What normalizeEmail gives, as the address alone (or the error): what the readers need, once per
 * row, without building the pair.
 */
export function canonicalEmail(raw: string): string | { error: string } {
  const value = raw.trim();
  if (value.length === 0) return { error: "no email address" };
  const at = value.indexOf("@");
  if (at <= 0 || at !== value.lastIndexOf("@") || at === value.length - 1 || at > 64) return invalid(value);
  // One pass over the local part, which also tells whether lower-casing could change it.
  let cased = false;
  for (let i = 0; i < at; i++) {
    const c = value.charCodeAt(i);
    const kind = c < 128 ? LOCAL_ASCII[c] : c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 ? BAD : CASED;
    if (kind === BAD) return invalid(value);
    if (kind === CASED) cased = true;
  }
  const plain = plainDomain(value, at + 1);
  if (plain === PLAIN_INVALID) return invalid(value);
  // The common case, an address already in canonical form, costs no lookup and no new string.
  if (plain === PLAIN_VALID && !cased) return value;

  const local = value.slice(0, at);
  const domain = plain === PLAIN_VALID ? value.slice(at + 1) : cachedDomain(value.slice(at + 1));
  if (!domain) return invalid(value);
  const lowerLocal = local.toLowerCase();
  // Most addresses are already canonical: reuse the string instead of building a new one.
  return lowerLocal === local && domain.length === value.length - at - 1 && value.endsWith(domain) ? value : lowerLocal + "@" + domain;
}

function invalid(value: string): { error: string } {
  return { error: `invalid email address '${value.length > 200 ? value.slice(0, 200) + "…" : value}'` };
}

const OK = 0;
const BAD = 1;
const CASED = 2;
/** badLocalChar's verdict on ASCII characters, and which ones lower-casing changes. */
const LOCAL_ASCII = Uint8Array.from({ length: 128 }, (_, c) => (badLocalChar(c) ? BAD : c >= 65 && c <= 90 ? CASED : OK));

const PLAIN_VALID = 0;
const PLAIN_INVALID = 1;
const NOT_PLAIN = 2;
const DOT = 46;
/** Characters of a lower-case ASCII host name besides the dot. */
const HOST_ASCII = Uint8Array.from({ length: 128 }, (_, c) => ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 ? 1 : 0));

/**
 * checkDomain's verdict on text[from..] when it has only the characters of a lower-case ASCII host
 * name (nearly every bounce), without the cache: a Map lookup hashes the new string of every row and
 * cost more than this scan. Anything else (upper case, non-ASCII, stray characters) is NOT_PLAIN
 * and goes through checkDomain, so both routes always agree.
 */
function plainDomain(text: string, from: number): number {
  const end = text.length;
  let valid = end - from <= 253;
  let dots = 0;
  let labelStart = from;
  // i === end stands for a final "." closing the last label.
  for (let i = from; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : DOT;
    if (c === DOT) {
      const len = i - labelStart;
      if (len === 0 || len > 63 || text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45) valid = false; // "-"
      if (i < end) dots++;
      labelStart = i + 1;
    } else if (c >= 128 || HOST_ASCII[c] === 0) {
      return NOT_PLAIN;
    }
  }
  return valid && dots > 0 ? PLAIN_VALID : PLAIN_INVALID;
}
