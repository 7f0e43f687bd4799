/**
 * Email address normalisation, shared by the readers and ingest so that both agree on what a
 * valid address is and on its canonical (lower-case, ASCII-domain) form.
 */

export type NormalizedEmail = { email: string; domain: string } | { error: string };

/** Characters that never appear unquoted in a real address and signal a pasted display name or list. */
function badLocalChar(c: number): boolean {
  return (
    c <= 32 || c === 0x7f || c === 0xa0 || c === 0x3c /* < */ || c === 0x3e /* > */ || c === 0x28 || c === 0x29 ||
    c === 0x5b || c === 0x5d || c === 0x5c || c === 0x2c /* , */ || c === 0x3b /* ; */ || c === 0x3a /* : */ ||
    c === 0x22 /* " */ || c === 0x2028 || c === 0x2029 || c === 0x3000
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
  const value = raw.trim();
  if (value.length === 0) return { error: "no email address" };
  const invalid = (): NormalizedEmail => ({
    error: `invalid email address '${value.length > 200 ? value.slice(0, 200) + "…" : value}'`,
  });
  const at = value.indexOf("@");
  if (at <= 0 || at !== value.lastIndexOf("@") || at === value.length - 1) return invalid();
  const local = value.slice(0, at);
  if (local.length > 64) return invalid();
  for (let i = 0; i < local.length; i++) if (badLocalChar(local.charCodeAt(i))) return invalid();
  const domain = cachedDomain(value.slice(at + 1));
  if (!domain) return invalid();
  const lowerLocal = local.toLowerCase();
  // Most addresses are already canonical: reuse the string instead of building a new one.
  const email = lowerLocal === local && domain.length === value.length - at - 1 && value.endsWith(domain) ? value : lowerLocal + "@" + domain;
  return { email, domain };
}
