import { describe, expect, it } from "vitest";
import { detectEventReader } from "../formats/events";
import { batchFile, eventsOf, type IncomingEvent } from "./events";
import type { Provider as AnyProvider } from "./providers";

/** The platforms with a payload of their own (the generic endpoint has its own tests). */
type Provider = Exclude<AnyProvider, "generic">;

const T = 1_796_000_000; // 2026-11-30, unix seconds

const SAMPLES: Record<Provider, { body: unknown; bounces: string[]; complaints: string[] }> = {
  ses: {
    body: [
      {
        notificationType: "Bounce",
        mail: { messageId: "m-1", timestamp: "2026-11-30T10:00:00.000Z", commonHeaders: { to: ["Ann <ann@example.com>", "bo@example.net"] } },
        bounce: {
          feedbackId: "fb-1",
          bounceType: "Permanent",
          bounceSubType: "General",
          timestamp: "2026-11-30T10:00:05.000Z",
          bouncedRecipients: [
            { emailAddress: "ann@example.com", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" },
            { emailAddress: "bo@example.net", status: "5.2.2", diagnosticCode: "smtp; 552 5.2.2 mailbox full" },
          ],
        },
      },
      {
        notificationType: "Complaint",
        mail: { messageId: "m-2", commonHeaders: { subject: "November news" } },
        complaint: {
          feedbackId: "fb-2",
          complaintFeedbackType: "abuse",
          timestamp: "2026-11-30T11:00:00.000Z",
          complainedRecipients: [{ emailAddress: "cy@example.org" }],
        },
      },
      { notificationType: "Delivery", mail: { messageId: "m-3" }, delivery: { recipients: ["dee@example.com"] } },
    ],
    bounces: ["fb-1:ann@example.com", "fb-1:bo@example.net"],
    complaints: ["fb-2:cy@example.org"],
  },
  sendgrid: {
    body: [
      { email: "ann@example.com", timestamp: T, event: "bounce", type: "bounce", status: "5.1.1", reason: "550 5.1.1 user unknown", sg_event_id: "sg-1" },
      { email: "bo@example.net", timestamp: T, event: "delivered", sg_event_id: "sg-2" },
      { email: "cy@example.org", timestamp: T, event: "spamreport", sg_event_id: "sg-3", sg_message_id: "msg-3" },
    ],
    bounces: ["sg-1"],
    complaints: ["sg-3"],
  },
  mailgun: {
    body: {
      signature: { timestamp: String(T), token: "tok", signature: "x" },
      "event-data": {
        id: "mg-1",
        event: "failed",
        severity: "permanent",
        recipient: "ann@example.com",
        timestamp: T,
        "delivery-status": { code: 550, message: "5.1.1 user unknown" },
      },
    },
    bounces: ["mg-1"],
    complaints: [],
  },
  postmark: {
    body: {
      RecordType: "Bounce",
      ID: 42,
      Type: "HardBounce",
      TypeCode: 1,
      Email: "ann@example.com",
      BouncedAt: "2026-11-30T10:00:00Z",
      Details: "smtp;550 5.1.1 user unknown",
      MessageStream: "outbound",
    },
    bounces: ["Bounce:42"],
    complaints: [],
  },
  sparkpost: {
    body: [
      {
        msys: {
          message_event: {
            type: "bounce",
            event_id: "sp-1",
            rcpt_to: "ann@example.com",
            timestamp: String(T),
            bounce_class: "10",
            error_code: "550",
            raw_reason: "550 5.1.1 user unknown",
          },
        },
      },
      { msys: { message_event: { type: "spam_complaint", event_id: "sp-2", rcpt_to: "cy@example.org", timestamp: String(T), fbtype: "abuse" } } },
      { msys: {} },
    ],
    bounces: ["sp-1"],
    complaints: ["sp-2"],
  },
  brevo: {
    body: [
      {
        event: "hard_bounce",
        email: "ann@example.com",
        "message-id": "<b1@brevo>",
        date: "2026-11-30 10:00:00",
        ts_event: T,
        reason: "550 5.1.1 user unknown",
      },
      { event: "spam", email: "cy@example.org", "message-id": "<b2@brevo>", date: "2026-11-30 11:00:00", ts_event: T + 60 },
      { event: "delivered", email: "dee@example.com", "message-id": "<b3@brevo>", ts_event: T },
    ],
    bounces: [`<b1@brevo>:hard_bounce:${T}`],
    complaints: [`<b2@brevo>:spam:${T + 60}`],
  },
};

const keys = (events: IncomingEvent[], kind: string) => events.filter((e) => e.kind === kind).map((e) => e.key);

describe("webhook events", () => {
  for (const [provider, sample] of Object.entries(SAMPLES) as [Provider, (typeof SAMPLES)[Provider]][]) {
    it(`${provider}: keeps bounces and complaints with their idempotency keys, and nothing else`, () => {
      const events = eventsOf(provider, sample.body);
      expect(keys(events, "bounce")).toEqual(sample.bounces);
      expect(keys(events, "complaint")).toEqual(sample.complaints);
      // The same body read again gives the same keys: a redelivery is recognised.
      expect(eventsOf(provider, sample.body).map((e) => e.key)).toEqual(events.map((e) => e.key));
    });

    it(`${provider}: the bounces as one file are read back by the ${provider} reader`, () => {
      const payloads = eventsOf(provider, sample.body)
        .filter((e) => e.kind === "bounce")
        .map((e) => JSON.stringify(e.payload));
      const file = JSON.parse(batchFile(payloads)) as unknown[];
      expect(detectEventReader(file[0])?.id).toBe(provider);
      const rows = detectEventReader(file[0])!.read(file, 1, "");
      expect(rows.filter((r) => r.kind === "bounce")).toHaveLength(sample.bounces.length);
    });
  }

  it("keeps a complaint's address, type, time and subject", () => {
    const [c] = eventsOf("ses", SAMPLES.ses.body).filter((e) => e.kind === "complaint");
    expect(c.kind === "complaint" && c.complaint).toEqual({
      email: "cy@example.org",
      feedbackType: "abuse",
      reporter: "Amazon SES",
      occurredAt: new Date("2026-11-30T11:00:00.000Z"),
      subject: "November news",
      messageId: "m-2",
    });
  });
});

describe("delivered events", () => {
  const at = new Date("2026-12-01T08:00:00.000Z");
  const secs = at.getTime() / 1000;
  const DELIVERED: Record<Provider, unknown> = {
    ses: {
      notificationType: "Delivery",
      mail: { messageId: "m-9", timestamp: "2026-12-01T07:59:58.000Z" },
      delivery: { timestamp: at.toISOString(), recipients: ["Dee@Example.com"], smtpResponse: "250 ok" },
    },
    sendgrid: [{ email: "Dee@Example.com", timestamp: secs, event: "delivered", sg_event_id: "sg-d-1" }],
    mailgun: { "event-data": { id: "mg-d-1", event: "delivered", recipient: "Dee@Example.com", timestamp: secs } },
    postmark: { RecordType: "Delivery", ID: 77, MessageID: "pm-m-1", Recipient: "Dee@Example.com", DeliveredAt: at.toISOString() },
    sparkpost: [{ msys: { message_event: { type: "delivery", event_id: "sp-d-1", rcpt_to: "Dee@Example.com", timestamp: String(secs) } } }],
    brevo: { event: "delivered", email: "Dee@Example.com", "message-id": "<b-1@x>", ts_event: secs },
  };
  for (const [provider, body] of Object.entries(DELIVERED) as [Provider, unknown][]) {
    it(`${provider}: a delivery names the address (lower-cased) and its time, and is no bounce`, () => {
      const events = eventsOf(provider, body);
      expect(events).toHaveLength(1);
      const [d] = events;
      expect(d.kind).toBe("delivery");
      expect(d.kind === "delivery" && { email: d.email, occurredAt: d.occurredAt }).toEqual({ email: "dee@example.com", occurredAt: at });
    });
  }

  it("opens and clicks are ignored", () => {
    expect(
      eventsOf("sendgrid", [
        { email: "a@example.com", event: "open", timestamp: secs },
        { email: "a@example.com", event: "click", timestamp: secs },
      ]),
    ).toEqual([]);
    expect(eventsOf("postmark", { RecordType: "Open", ID: 1, Recipient: "a@example.com" })).toEqual([]);
  });
});
