/**
 * A verified webhook body as the events Rebound keeps: bounces (read later by the provider's event
 * reader, so a file import and a webhook see an event the same way) and spam complaints (kept apart,
 * in the Complaint table). Each has an idempotency key, so a redelivered event is kept once.
 * Deliveries only update the subscriber of a known address (lastDeliveredAt); opens, clicks and the
 * platform's own refusals are acknowledged and ignored.
 */
import crypto from "node:crypto";
import { getEventReader } from "../formats/events";
import type { Provider } from "./providers";

export interface ComplaintValues {
  email: string;
  feedbackType: string;
  reporter: string;
  occurredAt: Date;
  subject: string | null;
  messageId: string | null;
}

export type IncomingEvent =
  | { kind: "bounce"; key: string; payload: unknown }
  | { kind: "complaint"; key: string; payload: unknown; complaint: ComplaintValues }
  | { kind: "delivery"; key: string; email: string; occurredAt: Date };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
/** A key for an event that names no id of its own: its content. */
const contentKey = (v: unknown) => crypto.createHash("sha256").update(JSON.stringify(v)).digest("hex").slice(0, 32);

/** Unix seconds or milliseconds (as number or digits) or an ISO date; now when unreadable. */
export function eventDate(v: unknown, now = Date.now()): Date {
  const t = text(v);
  if (t === null) return new Date(now);
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return new Date(n < 1e12 ? n * 1000 : n);
  }
  const parsed = Date.parse(t);
  return new Date(Number.isNaN(parsed) ? now : parsed);
}

/** True when the provider's reader finds a bounce in it (or a row it would reject and show): worth importing. */
function isBounce(provider: Provider, payload: unknown): boolean {
  const reader = getEventReader(provider);
  if (!reader) return false;
  return reader.read(payload, 1, "").some((row) => row.kind !== "skip");
}

function bounceOrNothing(provider: Provider, key: string, payload: unknown): IncomingEvent[] {
  return isBounce(provider, payload) ? [{ kind: "bounce", key, payload }] : [];
}

function complaint(key: string, payload: unknown, values: Omit<ComplaintValues, "email"> & { email: string | null }): IncomingEvent[] {
  if (!values.email) return [];
  return [{ kind: "complaint", key, payload, complaint: { ...values, email: values.email.trim().toLowerCase().slice(0, 320) } }];
}

function delivery(key: string, email: string | null, occurredAt: Date): IncomingEvent[] {
  if (!email) return [];
  return [{ kind: "delivery", key, email: email.trim().toLowerCase().slice(0, 320), occurredAt }];
}

/** SES: one notification (the SNS Message) may name several recipients; each is its own event. */
function sesEvents(n: unknown): IncomingEvent[] {
  if (!isObject(n)) return [];
  const type = (text(n.notificationType) ?? text(n.eventType) ?? "").toLowerCase();
  const mail = isObject(n.mail) ? n.mail : {};
  const headers = isObject(mail.commonHeaders) ? mail.commonHeaders : {};
  if (type === "bounce" && isObject(n.bounce)) {
    const bounce = n.bounce;
    const id = text(bounce.feedbackId) ?? text(mail.messageId) ?? contentKey(n);
    const recipients = Array.isArray(bounce.bouncedRecipients) ? bounce.bouncedRecipients : [];
    return recipients.flatMap((r) => {
      const email = isObject(r) ? (text(r.emailAddress) ?? "") : "";
      return bounceOrNothing("ses", `${id}:${email.toLowerCase()}`, { ...n, bounce: { ...bounce, bouncedRecipients: [r] } });
    });
  }
  if (type === "complaint" && isObject(n.complaint)) {
    const c = n.complaint;
    const id = text(c.feedbackId) ?? text(mail.messageId) ?? contentKey(n);
    const recipients = Array.isArray(c.complainedRecipients) ? c.complainedRecipients : [];
    return recipients.flatMap((r) => {
      const email = isObject(r) ? text(r.emailAddress) : null;
      return complaint(`${id}:${(email ?? "").toLowerCase()}`, n, {
        email,
        feedbackType: text(c.complaintFeedbackType) ?? "abuse",
        reporter: text(c.userAgent) ?? "Amazon SES",
        occurredAt: eventDate(c.timestamp ?? mail.timestamp),
        subject: text(headers.subject),
        messageId: text(mail.messageId),
      });
    });
  }
  if (type === "delivery" && isObject(n.delivery)) {
    const d = n.delivery;
    const id = text(mail.messageId) ?? contentKey(n);
    const recipients = Array.isArray(d.recipients) ? d.recipients : [];
    return recipients.flatMap((r) => delivery(`${id}:${String(r).toLowerCase()}`, text(r), eventDate(d.timestamp ?? mail.timestamp)));
  }
  return [];
}

function sendgridEvents(value: unknown): IncomingEvent[] {
  return asList(value).flatMap((e) => {
    if (!isObject(e)) return [];
    const key = text(e.sg_event_id) ?? contentKey(e);
    if (text(e.event)?.toLowerCase() === "delivered") return delivery(key, text(e.email), eventDate(e.timestamp));
    if (text(e.event)?.toLowerCase() === "spamreport") {
      return complaint(key, e, {
        email: text(e.email),
        feedbackType: "abuse",
        reporter: "SendGrid",
        occurredAt: eventDate(e.timestamp),
        subject: null,
        messageId: text(e.sg_message_id),
      });
    }
    return bounceOrNothing("sendgrid", key, e);
  });
}

function mailgunEvents(value: unknown): IncomingEvent[] {
  if (!isObject(value)) return [];
  const token = isObject(value.signature) ? text(value.signature.token) : null;
  const e = isObject(value["event-data"]) ? value["event-data"] : value;
  const key = text(e.id) ?? token ?? contentKey(e);
  if (text(e.event)?.toLowerCase() === "delivered") return delivery(key, text(e.recipient), eventDate(e.timestamp));
  if (text(e.event)?.toLowerCase() === "complained") {
    const message = isObject(e.message) ? e.message : {};
    const headers = isObject(message.headers) ? message.headers : {};
    return complaint(key, e, {
      email: text(e.recipient),
      feedbackType: "abuse",
      reporter: "Mailgun",
      occurredAt: eventDate(e.timestamp),
      subject: text(headers.subject),
      messageId: text(headers["message-id"]),
    });
  }
  return bounceOrNothing("mailgun", key, e);
}

function postmarkEvents(value: unknown): IncomingEvent[] {
  return asList(value).flatMap((e) => {
    if (!isObject(e)) return [];
    const record = text(e.RecordType) ?? "Bounce";
    const key = `${record}:${text(e.ID) ?? contentKey(e)}`;
    if (record.toLowerCase() === "delivery") return delivery(`${key}:${text(e.MessageID) ?? ""}`, text(e.Recipient), eventDate(e.DeliveredAt));
    if (record.toLowerCase() === "spamcomplaint" || text(e.Type)?.toLowerCase() === "spamcomplaint") {
      return complaint(key, e, {
        email: text(e.Email),
        feedbackType: "abuse",
        reporter: "Postmark",
        occurredAt: eventDate(e.BouncedAt),
        subject: text(e.Subject),
        messageId: text(e.MessageID),
      });
    }
    return bounceOrNothing("postmark", key, e);
  });
}

function sparkpostEvents(value: unknown): IncomingEvent[] {
  return asList(value).flatMap((entry) => {
    // Webhook entries wrap one event under a key naming its family; SparkPost's test ping is an empty msys.
    const e = isObject(entry) && isObject(entry.msys) ? Object.values(entry.msys).find(isObject) : isObject(entry) ? entry : undefined;
    if (!e) return [];
    const key = text(e.event_id) ?? contentKey(e);
    if (text(e.type)?.toLowerCase() === "delivery") return delivery(key, text(e.rcpt_to) ?? text(e.raw_rcpt_to), eventDate(e.timestamp));
    if (text(e.type)?.toLowerCase() === "spam_complaint") {
      return complaint(key, entry, {
        email: text(e.rcpt_to) ?? text(e.raw_rcpt_to),
        feedbackType: text(e.fbtype) ?? "abuse",
        reporter: text(e.report_by) ?? "SparkPost",
        occurredAt: eventDate(e.timestamp),
        subject: text(e.subject),
        messageId: text(e.message_id),
      });
    }
    return bounceOrNothing("sparkpost", key, entry);
  });
}

function brevoEvents(value: unknown): IncomingEvent[] {
  return asList(value).flatMap((e) => {
    if (!isObject(e)) return [];
    const event = (text(e.event) ?? "").toLowerCase();
    const messageId = text(e["message-id"]) ?? text(e.messageId);
    const at = text(e.ts_event) ?? text(e.ts) ?? text(e.ts_epoch) ?? text(e.date);
    const key = messageId && at ? `${messageId}:${event}:${at}` : contentKey(e);
    if (event === "delivered") return delivery(key, text(e.email), eventDate(text(e.ts_epoch) ?? text(e.ts_event) ?? text(e.date)));
    if (event === "spam" || event.includes("complaint")) {
      return complaint(key, e, {
        email: text(e.email),
        feedbackType: "abuse",
        reporter: "Brevo",
        occurredAt: eventDate(text(e.ts_epoch) ?? text(e.ts_event) ?? text(e.date)),
        subject: text(e.subject),
        messageId,
      });
    }
    return bounceOrNothing("brevo", key, e);
  });
}

/** The events worth keeping in a verified body (for SES: the SNS Message, already parsed). */
export function eventsOf(provider: Exclude<Provider, "generic">, value: unknown): IncomingEvent[] {
  switch (provider) {
    case "ses":
      return asList(value).flatMap(sesEvents);
    case "sendgrid":
      return sendgridEvents(value);
    case "mailgun":
      return mailgunEvents(value);
    case "postmark":
      return postmarkEvents(value);
    case "sparkpost":
      return sparkpostEvents(value);
    case "brevo":
      return brevoEvents(value);
  }
}

/** The bounce events' payloads as one JSON file in the provider's layout, which its reader recognises. */
export function batchFile(payloads: readonly string[]): string {
  return `[\n${payloads.join(",\n")}\n]\n`;
}
