import { prisma } from "../db/prisma";
import { clientAddress } from "./request-source";

/**
 * Failed sign-ins are counted per account and per address. After a few failures each new attempt
 * waits longer; after many the key is blocked for a while (never forever), so guessing is slow and
 * a real user who mistyped is back in within minutes.
 */
export const FREE_FAILURES = 3;
export const BLOCK_AFTER = 8;
/** An address is shared by a whole office behind one NAT: it gets far more tries before a block. */
export const BLOCK_AFTER_ADDRESS = 40;
export const BLOCK_MINUTES = 15;
const WINDOW_MS = 15 * 60_000;

export interface ThrottleState {
  /** Milliseconds to wait before answering this attempt. */
  delayMs: number;
  /** When set, the attempt is refused until then. */
  blockedUntil: Date | null;
}

export async function checkThrottle(keys: string[], now = new Date()): Promise<ThrottleState> {
  const rows = await prisma().loginAttempt.findMany({ where: { key: { in: keys } } });
  let delayMs = 0;
  let blockedUntil: Date | null = null;
  for (const r of rows) {
    const until = r.blockedUntil;
    if (until && until > now && (!blockedUntil || until.getTime() > blockedUntil.getTime())) blockedUntil = until;
    const fresh = now.getTime() - r.firstAt.getTime() < WINDOW_MS;
    // Slowing applies per account; an address is only slowed once it looks like a sweep.
    const free = r.key.startsWith("ip:") ? BLOCK_AFTER : FREE_FAILURES;
    if (fresh && r.failures >= free) delayMs = Math.max(delayMs, Math.min(4_000, 250 * 2 ** (r.failures - free)));
  }
  return { delayMs, blockedUntil };
}

export async function recordFailure(keys: string[], now = new Date()): Promise<void> {
  for (const key of keys) {
    const row = await prisma().loginAttempt.findUnique({ where: { key } });
    const fresh = row && now.getTime() - row.firstAt.getTime() < WINDOW_MS;
    const failures = fresh ? row.failures + 1 : 1;
    const limit = key.startsWith("ip:") ? BLOCK_AFTER_ADDRESS : BLOCK_AFTER;
    const blockedUntil = failures >= limit ? new Date(now.getTime() + BLOCK_MINUTES * 60_000) : null;
    await prisma().loginAttempt.upsert({
      where: { key },
      create: { key, failures, firstAt: now, blockedUntil },
      update: { failures, firstAt: fresh ? row.firstAt : now, blockedUntil },
    });
  }
}

export async function clearFailures(keys: string[]): Promise<void> {
  await prisma().loginAttempt.deleteMany({ where: { key: { in: keys } } });
}

export function throttleKeys(email: string, ip: string | null): string[] {
  return [`email:${email.trim().toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
}

/** The throttle keys of a sign-in request: the email it names (JSON or form body) and its client's address. */
export async function signInKeys(request: Request): Promise<string[]> {
  const copy = request.clone();
  const email = (request.headers.get("content-type") ?? "").includes("form")
    ? (await copy.formData().catch(() => null))?.get("email")
    : ((await copy.json().catch(() => null)) as { email?: unknown } | null)?.email;
  return throttleKeys(typeof email === "string" ? email : "", clientAddress(request.headers));
}
