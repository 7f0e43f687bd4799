/**
 * What every verifier shares: its answer, the time window for signed timestamps, and comparisons
 * that take the same time whatever the input (so a caller cannot learn a secret byte by byte).
 */
import crypto from "node:crypto";

/** A signed time older than this is refused (a captured request cannot be played later). */
export const MAX_AGE_MS = 5 * 60_000;
/** Clocks differ a little: a time this far ahead of ours is still believed. */
export const FUTURE_SKEW_MS = 30_000;

/** ok: the request is the platform's. `replay` names what may be seen only once, and until when it must be remembered. */
export type Verdict = { ok: true; replay?: { key: string; until: number } } | { ok: false; reason: string };

export function refuse(reason: string): Verdict {
  return { ok: false, reason };
}

/** Why a signed time (unix ms) is not acceptable now, or null. */
export function timeProblem(signedAt: number, now: number): string | null {
  if (!Number.isFinite(signedAt)) return "signed timestamp missing or unreadable";
  if (signedAt < now - MAX_AGE_MS) return "signed timestamp older than 5 minutes";
  if (signedAt > now + FUTURE_SKEW_MS) return "signed timestamp in the future";
  return null;
}

/** How long a signature must be remembered: as long as its time would still pass timeProblem. */
export function replayUntil(signedAt: number): number {
  return signedAt + MAX_AGE_MS + FUTURE_SKEW_MS;
}

/** Constant-time equality of two strings of any length (both are hashed to the same length first). */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}

export function sha256Hex(data: string | Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}
