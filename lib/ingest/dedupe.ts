/**
 * The dedupe key identifies one bounce event: the same address, at the same moment, with the same
 * status and server reply. Re-importing a file, or two overlapping exports, then adds nothing twice.
 * Rows without a date use "-" for the time, so a dateless file re-imported is still recognised.
 *
 * A 64-bit FNV-1a hash keeps the unique index small whatever the diagnostic's length; at a million
 * rows the chance of any collision is about 3e-8.
 */
export function dedupeKey(email: string, occurredAtMs: number | null, dsnStatus: string | null, replyCode: number | null, diagnostic: string | null): string {
  const text = `${email}\u0001${occurredAtMs ?? "-"}\u0001${dsnStatus ?? ""}\u0001${replyCode ?? ""}\u0001${diagnostic ?? ""}`;
  return fnv1a64(text);
}

/** FNV-1a over UTF-16 code units, as two 32-bit halves (JS has no fast 64-bit integer multiply). */
export function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x0100019d) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}
