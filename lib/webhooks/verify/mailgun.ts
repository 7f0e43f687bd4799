/**
 * Mailgun signs each webhook with an HMAC-SHA256 of timestamp + token under the account's HTTP
 * webhook signing key, inside the JSON body ({signature: {timestamp, token, signature}, "event-data"}).
 * The signature does not cover the event itself, so each token is accepted once (see replay).
 */
import crypto from "node:crypto";
import { refuse, replayUntil, safeEqual, timeProblem, type Verdict } from "./common";

export function mailgunSignature(signingKey: string, timestamp: string, token: string): string {
  return crypto
    .createHmac("sha256", signingKey)
    .update(timestamp + token)
    .digest("hex");
}

export function verifyMailgun(body: Buffer, signingKey: string, now: number): Verdict {
  // The signature travels in the body, so it has to be parsed; nothing else is read before it checks out.
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return refuse("body is not JSON, so it carries no signature");
  }
  const sig = typeof parsed === "object" && parsed !== null ? (parsed as { signature?: unknown }).signature : undefined;
  if (typeof sig !== "object" || sig === null) return refuse("signature missing");
  const { timestamp, token, signature } = sig as Record<string, unknown>;
  const ts = typeof timestamp === "number" ? String(timestamp) : timestamp;
  if (typeof ts !== "string" || typeof token !== "string" || typeof signature !== "string" || !/^\d{1,12}$/.test(ts)) return refuse("signature missing");
  if (!safeEqual(mailgunSignature(signingKey, ts, token), signature.toLowerCase())) return refuse("signature does not match");
  const signedAt = Number(ts) * 1000;
  const late = timeProblem(signedAt, now);
  if (late) return refuse(late);
  return { ok: true, replay: { key: `mailgun:${token}`, until: replayUntil(signedAt) } };
}
