/**
 * SendGrid's Signed Event Webhook: an ECDSA (P-256, SHA-256) signature over the timestamp header
 * followed by the raw body, checked with the public key the admin pasted.
 */
import crypto from "node:crypto";
import { refuse, replayUntil, timeProblem, type Verdict } from "./common";

export const SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
export const TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";

/** The key as SendGrid shows it (base64 DER) or as PEM; throws a message naming the problem. */
export function parseSendgridKey(text: string): crypto.KeyObject {
  const trimmed = text.trim();
  let key: crypto.KeyObject;
  try {
    key = trimmed.startsWith("-----BEGIN")
      ? crypto.createPublicKey(trimmed)
      : crypto.createPublicKey({ key: Buffer.from(trimmed.replace(/\s+/g, ""), "base64"), format: "der", type: "spki" });
  } catch {
    throw new Error("The verification key is not a public key: paste it as SendGrid shows it (base64) or as PEM.");
  }
  if (key.asymmetricKeyType !== "ec") throw new Error("The verification key is not an elliptic-curve key, as SendGrid's is.");
  return key;
}

/** The key stored for a source: always PEM, whatever was pasted. */
export function normaliseSendgridKey(text: string): string {
  return parseSendgridKey(text).export({ type: "spki", format: "pem" }).toString();
}

export function verifySendgrid(body: Buffer, headers: Headers, publicKeyPem: string, now: number): Verdict {
  const signature = headers.get(SIGNATURE_HEADER);
  const timestamp = headers.get(TIMESTAMP_HEADER);
  if (!signature || !timestamp) return refuse("signature or timestamp header missing");
  if (!/^\d{1,12}$/.test(timestamp.trim())) return refuse("signed timestamp missing or unreadable");
  const signedAt = Number(timestamp.trim()) * 1000;
  let valid = false;
  try {
    valid = crypto.verify("sha256", Buffer.concat([Buffer.from(timestamp, "utf8"), body]), parseSendgridKey(publicKeyPem), Buffer.from(signature, "base64"));
  } catch {
    valid = false;
  }
  if (!valid) return refuse("signature does not match");
  // Checked after the signature, so a stale time is only ever reported for a genuine request.
  const late = timeProblem(signedAt, now);
  if (late) return refuse(late);
  return { ok: true, replay: { key: `sendgrid:${signature.trim()}`, until: replayUntil(signedAt) } };
}
