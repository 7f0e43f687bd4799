/**
 * Email address normalisation, shared by the readers and ingest so that both agree on what a
 * valid address is and on its canonical (lower-case, ASCII-domain) form.
 */

export type NormalizedEmail = { email: string; domain: string } | { error: string };

// Characters that never appear unquoted in a real address and signal a pasted display name or list.
const FORBIDDEN_LOCAL = /[\s<>()[\]\\,;:"]/;

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
  const invalid = { error: `invalid email address '${value.length > 200 ? value.slice(0, 200) + "…" : value}'` };
  const at = value.indexOf("@");
  if (at <= 0 || at !== value.lastIndexOf("@") || at === value.length - 1) return invalid;
  const local = value.slice(0, at);
  if (local.length > 64 || FORBIDDEN_LOCAL.test(local)) return invalid;
  const domain = checkDomain(value.slice(at + 1));
  if (!domain) return invalid;
  return { email: local.toLowerCase() + "@" + domain, domain };
}
