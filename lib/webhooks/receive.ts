/**
 * One webhook request, from the door to the database: the source (unknown or paused: 404), the size
 * cap (413 before the body is read whole), the provider's proof (raw bytes checked before anything is
 * parsed), then the events kept and 200 at once; importing them is the processor's job.
 *
 * Refusals say only "refused" (401, or 403 for a signature or replay): the reason is counted on the
 * source for its admins, never told to the caller.
 */
import { NextResponse } from "next/server";
import { jsonError } from "../http";
import { eventsOf, type IncomingEvent } from "./events";
import { readGenericBody } from "./generic";
import { scheduleProcessing } from "./processor";
import { PROVIDER_INFO, isProvider } from "./providers";
import { findSource, topicsOf } from "./sources";
import { acceptDelivery, recordRejection } from "./store";
import { verifyBasic } from "./verify/basic";
import type { Verdict } from "./verify/common";
import { verifyMailgun } from "./verify/mailgun";
import { verifySendgrid } from "./verify/sendgrid";
import { confirmSnsSubscription, verifySns, type CertFetcher, type SnsEnvelope, type SubscriptionConfirmer } from "./verify/sns";

export interface ReceiveOptions {
  now?: () => number;
  fetchCert?: CertFetcher;
  confirmSubscription?: SubscriptionConfirmer;
  /** Off in tests that run the processor themselves. */
  schedule?: boolean;
}

const SOURCE_ID = /^[A-Za-z0-9_-]{10,64}$/;

const notFound = () => jsonError(404, "not-found", "No webhook here.");
const refused = (status: 401 | 403) => {
  const response = jsonError(status, "refused", "Webhook request refused.");
  if (status === 401) response.headers.set("WWW-Authenticate", 'Basic realm="Rebound webhooks"');
  return response;
};
const tooLarge = (max: number) => jsonError(413, "too-large", `Webhook bodies are limited to ${max / (1024 * 1024)} MB.`);

/** The body, or null once it passes `max` bytes (the rest is not read). */
async function readCapped(request: Request, max: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): { value: unknown } | null {
  try {
    return { value: JSON.parse(body.toString("utf8")) };
  } catch {
    return null;
  }
}

export async function receiveWebhook(request: Request, provider: string, sourceId: string, options: ReceiveOptions = {}): Promise<Response> {
  const now = options.now ?? Date.now;
  if (!isProvider(provider) || !SOURCE_ID.test(sourceId)) return notFound();
  const source = await findSource(sourceId);
  if (!source || source.provider !== provider) return notFound();
  if (source.paused) {
    await recordRejection(source.id, "source paused", now());
    return notFound();
  }
  const info = PROVIDER_INFO[provider];
  // Credentials travel in a header: checked before a stranger can make Rebound read a body at all.
  if (info.auth === "basic") {
    const credentials = verifyBasic(request.headers, source);
    if (!credentials.ok) {
      await recordRejection(source.id, credentials.reason, now());
      return refused(401);
    }
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > info.maxBytes) {
    await recordRejection(source.id, `body over ${info.maxBytes / (1024 * 1024)} MB (declared)`, now());
    return tooLarge(info.maxBytes);
  }
  const body = await readCapped(request, info.maxBytes);
  if (!body) {
    await recordRejection(source.id, `body over ${info.maxBytes / (1024 * 1024)} MB`, now());
    return tooLarge(info.maxBytes);
  }

  let verdict: Verdict;
  let envelope: SnsEnvelope | null = null;
  if (provider === "ses") {
    const sns = await verifySns(body, request.headers, { allowedTopics: topicsOf(source), fetchCert: options.fetchCert, now: now() });
    verdict = sns;
    if (sns.ok) envelope = sns.envelope;
  } else if (provider === "sendgrid") {
    verdict = source.verifyKey ? verifySendgrid(body, request.headers, source.verifyKey, now()) : { ok: false, reason: "no verification key set" };
  } else if (provider === "mailgun") {
    verdict = source.verifyKey ? verifyMailgun(body, source.verifyKey, now()) : { ok: false, reason: "no signing key set" };
  } else {
    verdict = { ok: true };
  }
  if (!verdict.ok) {
    await recordRejection(source.id, verdict.reason, now());
    return refused(info.auth === "basic" ? 401 : 403);
  }

  let events: IncomingEvent[] = [];
  let note: string | undefined;
  if (provider === "generic") {
    const read = readGenericBody(body.toString("utf8"));
    if (!read.ok) {
      await recordRejection(source.id, read.error, now());
      return jsonError(400, "invalid-body", `The body was refused: ${read.error}.`);
    }
    events = read.events;
  } else if (envelope && envelope.Type !== "Notification") {
    if (envelope.Type === "SubscriptionConfirmation") {
      try {
        await (options.confirmSubscription ?? confirmSnsSubscription)(envelope.SubscribeURL!);
      } catch {
        await recordRejection(source.id, "subscription could not be confirmed with SNS", now());
        // 5xx: SNS sends the confirmation again later.
        return jsonError(502, "not-confirmed", "The subscription could not be confirmed; SNS will retry.");
      }
      note = `subscription to ${envelope.TopicArn} confirmed`;
    } else {
      note = `unsubscribed from ${envelope.TopicArn}`;
    }
  } else {
    const parsed = parseJson(envelope ? Buffer.from(envelope.Message, "utf8") : body);
    if (!parsed) {
      await recordRejection(source.id, envelope ? "SNS Message is not JSON" : "body is not JSON", now());
      return jsonError(400, "invalid-body", "The body is not JSON.");
    }
    events = eventsOf(provider, parsed.value);
  }

  const outcome = await acceptDelivery({ sourceId: source.id, provider, body, events, replay: verdict.replay, note }, now());
  if (outcome.outcome === "replay") return refused(403);
  if (outcome.outcome === "accepted" && outcome.newBounces > 0 && options.schedule !== false) scheduleProcessing();
  // The generic endpoint's callers are scripts: they get the counts too.
  const counts = provider === "generic" ? { events: events.length, new: outcome.outcome === "accepted" ? outcome.newEvents : 0 } : {};
  return NextResponse.json({ received: true, duplicate: outcome.outcome === "duplicate", ...counts });
}
