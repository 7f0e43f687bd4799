/**
 * Amazon SNS messages (how SES posts bounce and complaint notifications): signed by SNS with the
 * private key of a certificate it publishes at SigningCertURL. Version 1 signs with SHA1withRSA,
 * version 2 with SHA256withRSA, over a canonical string of the envelope's fields. The certificate is
 * fetched only over https from sns.<region>.amazonaws.com(.cn), and cached.
 *
 * Raw message delivery sends the bare notification with no envelope and so no signature: refused.
 */
import crypto from "node:crypto";
import { refuse, replayUntil, timeProblem, type Verdict } from "./common";

export interface SnsEnvelope {
  Type: "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

/** Fetches a certificate (PEM) from a URL already checked by isSnsUrl. Tests inject their own. */
export type CertFetcher = (url: string) => Promise<string>;

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** True for https URLs on an SNS endpoint host (no credentials, no other port). */
export function isSnsUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === "https:" && SNS_HOST.test(url.hostname) && url.port === "" && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

const NOTIFICATION_FIELDS = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] as const;
const CONFIRMATION_FIELDS = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"] as const;

/** The text SNS signs: "Name\nvalue\n" for each field of the type, in this order; Subject only when present. */
export function canonicalString(m: SnsEnvelope): string {
  const fields = m.Type === "Notification" ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  let out = "";
  for (const f of fields) {
    const v = (m as unknown as Record<string, unknown>)[f];
    if (v === undefined || v === null) continue;
    out += `${f}\n${String(v)}\n`;
  }
  return out;
}

const TYPES = new Set(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]);

/** The envelope's fields, or why it is not one. */
export function parseEnvelope(body: Buffer, headers: Headers): SnsEnvelope | string {
  if (headers.get("x-amz-sns-rawdelivery") === "true") return "raw message delivery (no signature): turn raw delivery off on the subscription";
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return "body is not an SNS message (not JSON)";
  }
  if (typeof value !== "object" || value === null) return "body is not an SNS message";
  const m = value as Record<string, unknown>;
  if (typeof m.Type !== "string" || !TYPES.has(m.Type)) {
    return headers.get("x-amz-sns-message-type")
      ? "raw message delivery (no signature): turn raw delivery off on the subscription"
      : "body is not an SNS message";
  }
  for (const f of ["MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"]) {
    if (typeof m[f] !== "string") return `SNS message without ${f}`;
  }
  if (m.Type !== "Notification" && (typeof m.SubscribeURL !== "string" || typeof m.Token !== "string")) return "SNS confirmation without SubscribeURL or Token";
  return m as unknown as SnsEnvelope;
}

const certCache = new Map<string, Promise<crypto.X509Certificate>>();
const CERT_CACHE_MAX = 20;

/** Downloads an SNS signing certificate: https only, no redirects, a few seconds at most. */
export const fetchSnsCertificate: CertFetcher = async (url) => {
  const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`certificate download answered ${response.status}`);
  const text = await response.text();
  if (text.length > 20_000) throw new Error("certificate too large");
  return text;
};

async function certificate(url: string, fetchCert: CertFetcher): Promise<crypto.X509Certificate> {
  let cert = certCache.get(url);
  if (!cert) {
    cert = fetchCert(url).then((pem) => new crypto.X509Certificate(pem));
    if (certCache.size >= CERT_CACHE_MAX) certCache.delete(certCache.keys().next().value!);
    certCache.set(url, cert);
    // A failed download is not kept: the next message tries again.
    cert.catch(() => certCache.delete(url));
  }
  return cert;
}

export interface SnsOptions {
  allowedTopics: readonly string[];
  fetchCert?: CertFetcher;
  now: number;
}

export type SnsVerdict = (Verdict & { ok: false }) | { ok: true; replay: { key: string; until: number }; envelope: SnsEnvelope };

export async function verifySns(body: Buffer, headers: Headers, options: SnsOptions): Promise<SnsVerdict> {
  const envelope = parseEnvelope(body, headers);
  if (typeof envelope === "string") return refuse(envelope) as SnsVerdict;
  if (!options.allowedTopics.includes(envelope.TopicArn)) return refuse(`topic not allowed on this source: ${envelope.TopicArn.slice(0, 200)}`) as SnsVerdict;
  if (!isSnsUrl(envelope.SigningCertURL)) return refuse("SigningCertURL is not an https SNS address") as SnsVerdict;
  const algorithm = envelope.SignatureVersion === "1" ? "RSA-SHA1" : envelope.SignatureVersion === "2" ? "RSA-SHA256" : null;
  if (!algorithm) return refuse(`unknown SignatureVersion ${envelope.SignatureVersion.slice(0, 10)}`) as SnsVerdict;
  let cert: crypto.X509Certificate;
  try {
    cert = await certificate(envelope.SigningCertURL, options.fetchCert ?? fetchSnsCertificate);
  } catch {
    return refuse("signing certificate could not be fetched") as SnsVerdict;
  }
  const now = options.now;
  if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) < now) return refuse("signing certificate expired or not yet valid") as SnsVerdict;
  const valid = crypto.createVerify(algorithm).update(canonicalString(envelope), "utf8").verify(cert.publicKey, envelope.Signature, "base64");
  if (!valid) return refuse("signature does not match") as SnsVerdict;
  const signedAt = Date.parse(envelope.Timestamp);
  const late = timeProblem(signedAt, now);
  if (late) return refuse(late) as SnsVerdict;
  return { ok: true, replay: { key: `sns:${envelope.MessageId}`, until: replayUntil(signedAt) }, envelope };
}

/** Confirms a subscription by visiting its SubscribeURL (checked like the certificate's). Tests inject their own. */
export type SubscriptionConfirmer = (url: string) => Promise<void>;

export const confirmSnsSubscription: SubscriptionConfirmer = async (url) => {
  if (!isSnsUrl(url)) throw new Error("SubscribeURL is not an https SNS address");
  const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`SNS answered ${response.status} to the subscription confirmation`);
};
