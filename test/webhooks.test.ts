import "./helpers/test-db";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/[provider]/[sourceId]/route";
import { sqlite } from "@/lib/db/sqlite";
import { getSubscriber, listSubscribers } from "@/lib/queries/subscribers";
import { listComplaints } from "@/lib/queries/complaints";
import { parseSubscriberFilter } from "@/lib/validation/subscriber-filter";
import { processPendingEvents } from "@/lib/webhooks/processor";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { createSource, listSources, rotateSource, setPaused, type Credentials } from "@/lib/webhooks/sources";
import { mailgunSignature } from "@/lib/webhooks/verify/mailgun";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/lib/webhooks/verify/sendgrid";
import { canonicalString, type SnsEnvelope } from "@/lib/webhooks/verify/sns";

// Webhook requests through the real route handler into a real database file, then through the
// import pipeline: bounces land as bounces, complaints as complaints, a redelivery adds nothing.

const scalar = (sql: string, ...p: unknown[]) =>
  sqlite()
    .prepare(sql)
    .pluck()
    .get(...p) as number;
const secs = (ms: number) => String(Math.floor(ms / 1000));
const MAILGUN_KEY = "key-0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const sendgridKeys = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const forgerKeys = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });

function post(provider: string, id: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const request = new Request(`http://rebound.test/api/webhooks/${provider}/${id}`, {
    method: "POST",
    body: typeof body === "string" ? body : new Uint8Array(body),
    headers: { "content-type": "application/json", ...headers },
  });
  return POST(request, { params: Promise.resolve({ provider, sourceId: id }) });
}

function sendgridHeaders(body: string, at = Date.now(), key = sendgridKeys.privateKey) {
  const ts = secs(at);
  return { [SIGNATURE_HEADER]: crypto.sign("sha256", Buffer.concat([Buffer.from(ts), Buffer.from(body)]), key).toString("base64"), [TIMESTAMP_HEADER]: ts };
}

function mailgunBody(eventData: object, at = Date.now(), token = crypto.randomBytes(16).toString("hex")) {
  const timestamp = secs(at);
  return JSON.stringify({ signature: { timestamp, token, signature: mailgunSignature(MAILGUN_KEY, timestamp, token) }, "event-data": eventData });
}

async function importAll(): Promise<string[]> {
  const ids = await processPendingEvents();
  for (const id of ids) {
    for (let i = 0; i < 300; i++) {
      const status = sqlite().prepare("SELECT status FROM Import WHERE id = ?").pluck().get(id);
      if (status === "done" || status === "failed") break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return ids;
}

const today = () => new Date().toISOString().slice(0, 10);
const bouncesOf = (email: string) => scalar("SELECT count(*) FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId WHERE s.email = ?", email);
const stats = async (id: string) => (await listSources()).find((s) => s.id === id)!;

let sendgrid = "";
let mailgun = "";
beforeAll(async () => {
  sendgrid = (await createSource({ provider: "sendgrid", key: sendgridKeys.publicKey.export({ type: "spki", format: "der" }).toString("base64") })).id;
  mailgun = (await createSource({ provider: "mailgun", key: MAILGUN_KEY })).id;
});

const batch = JSON.stringify([
  {
    email: "sg.one@hooks.example",
    timestamp: 1_796_000_000,
    event: "bounce",
    type: "bounce",
    status: "5.1.1",
    reason: "550 5.1.1 <sg.one@hooks.example>: Recipient address rejected: User unknown",
    sg_event_id: "sg-ev-1",
  },
  {
    email: "sg.two@hooks.example",
    timestamp: 1_796_000_100,
    event: "bounce",
    type: "bounce",
    status: "5.2.2",
    reason: "552 5.2.2 Mailbox full",
    sg_event_id: "sg-ev-2",
  },
  { email: "sg.open@hooks.example", timestamp: 1_796_000_200, event: "open", sg_event_id: "sg-ev-3" },
  { email: "sg.spam@hooks.example", timestamp: 1_796_000_300, event: "spamreport", sg_event_id: "sg-ev-4" },
]);

describe("SendGrid and Mailgun webhooks into the import pipeline", () => {
  it("a signed SendGrid batch and a Mailgun event land as bounces; the complaint as a complaint", async () => {
    const answer = await post("sendgrid", sendgrid, batch, sendgridHeaders(batch));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ received: true, duplicate: false });
    const event = {
      id: "mg-ev-1",
      event: "failed",
      severity: "permanent",
      recipient: "mg.one@hooks.example",
      timestamp: 1_796_000_400,
      "delivery-status": { code: 550, "enhanced-code": "5.1.1", message: "5.1.1 The email account that you tried to reach does not exist" },
    };
    expect((await post("mailgun", mailgun, mailgunBody(event))).status).toBe(200);

    expect(scalar("SELECT count(*) FROM WebhookEvent WHERE processedAt IS NULL AND kind = 'bounce'")).toBe(3);
    const ids = await importAll();
    expect(ids).toHaveLength(2);
    const imports = sqlite().prepare("SELECT fileName, status, accepted FROM Import WHERE appendTo IS NULL ORDER BY createdAt").all();
    expect(imports).toEqual([
      { fileName: `SendGrid webhook — ${today()}`, status: "done", accepted: 2 },
      { fileName: `Mailgun webhook — ${today()}`, status: "done", accepted: 1 },
    ]);
    expect(bouncesOf("sg.one@hooks.example")).toBe(1);
    expect(bouncesOf("sg.two@hooks.example")).toBe(1);
    expect(bouncesOf("mg.one@hooks.example")).toBe(1);
    expect(bouncesOf("sg.open@hooks.example")).toBe(0);
    expect(sqlite().prepare("SELECT email, sourceId, dedupeKey FROM Complaint").all()).toEqual([
      { email: "sg.spam@hooks.example", sourceId: sendgrid, dedupeKey: "sendgrid:sg-ev-4" },
    ]);
    // The complaints page shows it as an upload's would be, named by its source.
    expect((await listComplaints({ page: 1, pageSize: 10 })).data).toMatchObject([
      { email: "sg.spam@hooks.example", reporter: "SendGrid", importId: null, sourceName: expect.any(String), messageNo: null },
    ]);
    expect(scalar("SELECT count(*) FROM WebhookEvent WHERE processedAt IS NULL")).toBe(0);
  });

  it("a redelivery (the same request, or the batch signed again later) adds nothing", async () => {
    const before = scalar("SELECT count(*) FROM Bounce");
    const again = await post("sendgrid", sendgrid, batch, sendgridHeaders(batch, Date.now() - 60_000));
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    const headers = sendgridHeaders(batch);
    expect((await post("sendgrid", sendgrid, batch, headers)).status).toBe(200);
    // The very same signed request once more: the platform retrying, answered 200, kept once.
    expect(await (await post("sendgrid", sendgrid, batch, headers)).json()).toEqual({ received: true, duplicate: true });
    expect(await importAll()).toEqual([]);
    expect(scalar("SELECT count(*) FROM Bounce")).toBe(before);
    expect(scalar("SELECT count(*) FROM Complaint")).toBe(1);
    const s = await stats(sendgrid);
    expect(s.day).toMatchObject({ accepted: 1, duplicates: 3, rejected: 0 });
  });

  it("a forged, a stale and a replayed request are refused, counted with their reason, and add nothing", async () => {
    const forged = JSON.stringify([
      { email: "forged@hooks.example", timestamp: 1_796_000_000, event: "bounce", status: "5.1.1", reason: "550 user unknown", sg_event_id: "forged-1" },
    ]);
    const refused = await post("sendgrid", sendgrid, forged, sendgridHeaders(forged, Date.now(), forgerKeys.privateKey));
    expect(refused.status).toBe(403);
    // The caller is not told which part failed.
    expect(await refused.json()).toEqual({ error: { message: "Webhook request refused.", code: "refused" } });
    expect((await post("sendgrid", sendgrid, forged, sendgridHeaders(forged, Date.now() - 10 * 60_000))).status).toBe(403);
    expect((await post("sendgrid", sendgrid, forged)).status).toBe(403);

    // Mailgun signs the token, not the event: a captured signature with another event is a replay.
    const token = "captured-token-1";
    const first = mailgunBody({ id: "mg-ev-2", event: "delivered", recipient: "x@hooks.example", timestamp: 1_796_000_000 }, Date.now(), token);
    expect((await post("mailgun", mailgun, first)).status).toBe(200);
    const signature = JSON.parse(first).signature;
    const replay = JSON.stringify({
      signature,
      "event-data": { id: "mg-evil", event: "failed", severity: "permanent", recipient: "victim@hooks.example", timestamp: 1_796_000_000 },
    });
    expect((await post("mailgun", mailgun, replay)).status).toBe(403);

    expect(await importAll()).toEqual([]);
    expect(bouncesOf("forged@hooks.example")).toBe(0);
    expect(bouncesOf("victim@hooks.example")).toBe(0);
    expect((await stats(sendgrid)).day.reasons).toEqual(
      expect.arrayContaining([
        { reason: "signature does not match", count: 1 },
        { reason: "signed timestamp older than 5 minutes", count: 1 },
        { reason: "signature or timestamp header missing", count: 1 },
      ]),
    );
    expect((await stats(mailgun)).day.reasons).toEqual([{ reason: "replayed signature or token with another body", count: 1 }]);
  });

  it("refuses bodies over the cap with 413, declared or not", async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0x20);
    expect((await post("sendgrid", sendgrid, big, { "content-length": String(big.length) })).status).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 3; i++) c.enqueue(new Uint8Array(700 * 1024));
        c.close();
      },
    });
    const request = new Request(`http://rebound.test/api/webhooks/mailgun/${mailgun}`, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect((await POST(request, { params: Promise.resolve({ provider: "mailgun", sourceId: mailgun }) })).status).toBe(413);
  });

  it("answers 404 for an unknown source, another provider's path and a paused source", async () => {
    expect((await post("sendgrid", "nosuchsource000000", batch, sendgridHeaders(batch))).status).toBe(404);
    expect((await post("mailgun", sendgrid, batch, sendgridHeaders(batch))).status).toBe(404);
    expect((await post("nope", sendgrid, batch)).status).toBe(404);
    await setPaused(sendgrid, true);
    expect((await post("sendgrid", sendgrid, batch, sendgridHeaders(batch))).status).toBe(404);
    await setPaused(sendgrid, false);
  });
});

describe("imports per source and UTC day", () => {
  it("bounces received on two days become two imports, each named by its day", async () => {
    const body = JSON.stringify(
      ["day.one", "day.two"].map((who, i) => ({
        email: `${who}@hooks.example`,
        timestamp: 1_796_000_000 + i,
        event: "bounce",
        type: "bounce",
        status: "5.1.1",
        reason: "550 5.1.1 User unknown",
        sg_event_id: `sg-day-${i}`,
      })),
    );
    await post("sendgrid", sendgrid, body, sendgridHeaders(body));
    // As if the first had arrived yesterday and waited (the server down over midnight).
    const yesterday = Date.now() - 86_400_000;
    sqlite().prepare("UPDATE WebhookEvent SET receivedAt = ? WHERE idempotencyKey = 'sg-day-0'").run(yesterday);
    const ids = await importAll();
    const names = ids.map((id) => sqlite().prepare("SELECT fileName FROM Import WHERE id = ?").pluck().get(id));
    expect(names).toEqual([`SendGrid webhook — ${new Date(yesterday).toISOString().slice(0, 10)}`, `SendGrid webhook — ${today()}`]);
    expect(bouncesOf("day.one@hooks.example")).toBe(1);
    expect(bouncesOf("day.two@hooks.example")).toBe(1);
  });
});

describe("deliveries close the loop", () => {
  const delivering = async (email: string) => (await listSubscribers(parseSubscriberFilter({ delivering: "1" }))).data.some((s) => s.email === email);

  it("a delivery after the last bounce flags the subscriber; one for an unknown address stores nothing; a later bounce reopens", async () => {
    const deliveredAt = 1_796_100_000;
    const body = JSON.stringify([
      { email: "SG.one@hooks.example", timestamp: deliveredAt, event: "delivered", sg_event_id: "sg-d-1" },
      { email: "stranger@hooks.example", timestamp: deliveredAt, event: "delivered", sg_event_id: "sg-d-2" },
      { email: "sg.one@hooks.example", timestamp: deliveredAt, event: "click", sg_event_id: "sg-d-3" },
    ]);
    const events = scalar("SELECT count(*) FROM WebhookEvent");
    const answer = await post("sendgrid", sendgrid, body, sendgridHeaders(body));
    expect(await answer.json()).toEqual({ received: true, duplicate: false });
    expect(scalar("SELECT lastDeliveredAt FROM Subscriber WHERE email = ?", "sg.one@hooks.example")).toBe(deliveredAt * 1000);
    expect(scalar("SELECT count(*) FROM Subscriber WHERE email = ?", "stranger@hooks.example")).toBe(0);
    expect(scalar("SELECT count(*) FROM WebhookEvent")).toBe(events);
    expect(await processPendingEvents()).toEqual([]);
    expect(await delivering("sg.one@hooks.example")).toBe(true);

    // An older delivery reported late does not move it back.
    const late = JSON.stringify([{ email: "sg.one@hooks.example", timestamp: deliveredAt - 50_000, event: "delivered", sg_event_id: "sg-d-4" }]);
    await post("sendgrid", sendgrid, late, sendgridHeaders(late));
    expect(scalar("SELECT lastDeliveredAt FROM Subscriber WHERE email = ?", "sg.one@hooks.example")).toBe(deliveredAt * 1000);

    // Marked recovered: the page confirms the delivery, and the filter (work still to do) leaves it out.
    const id = scalar("SELECT id FROM Subscriber WHERE email = ?", "sg.one@hooks.example");
    sqlite().prepare("UPDATE Subscriber SET status = 'recovered' WHERE id = ?").run(id);
    expect((await getSubscriber(id))?.deliveredSince).toBe(new Date(deliveredAt * 1000).toISOString());
    expect(await delivering("sg.one@hooks.example")).toBe(false);

    // A later bounce: the delivery is older than it, so no longer "delivering again".
    const bounce = JSON.stringify([
      {
        email: "sg.one@hooks.example",
        timestamp: deliveredAt + 100,
        event: "bounce",
        type: "bounce",
        status: "5.1.1",
        reason: "550 5.1.1 User unknown",
        sg_event_id: "sg-d-5",
      },
    ]);
    await post("sendgrid", sendgrid, bounce, sendgridHeaders(bounce));
    await importAll();
    expect(sqlite().prepare("SELECT status FROM Subscriber WHERE id = ?").pluck().get(id)).toBe("open");
    expect(await delivering("sg.one@hooks.example")).toBe(false);
    expect((await getSubscriber(id))?.deliveredSince).toBeNull();
  });
});

describe("Basic-auth providers", () => {
  it("Postmark: the generated credentials are accepted, wrong ones refused with 401; rotating replaces them", async () => {
    const { id, credentials } = await createSource({ provider: "postmark" });
    const auth = (c: Credentials) => ({ authorization: `Basic ${Buffer.from(`${c.user}:${c.password}`).toString("base64")}` });
    const bounce = JSON.stringify({
      RecordType: "Bounce",
      ID: 901,
      Type: "HardBounce",
      TypeCode: 1,
      Email: "pm.one@hooks.example",
      BouncedAt: "2026-11-30T10:00:00Z",
      Details: "smtp;550 5.1.1 user unknown",
      MessageStream: "outbound",
    });
    expect(scalar("SELECT count(*) FROM WebhookSource WHERE basicHash = ?", credentials!.password)).toBe(0);
    const wrong = await post("postmark", id, bounce, auth({ ...credentials, password: "guess" }));
    expect(wrong.status).toBe(401);
    expect((await post("postmark", id, bounce, auth(credentials!))).status).toBe(200);
    const rotated = await rotateSource(id, {});
    expect((await post("postmark", id, bounce, auth(credentials!))).status).toBe(401);
    expect(await (await post("postmark", id, bounce, auth(rotated!))).json()).toEqual({ received: true, duplicate: true });
    await importAll();
    expect(bouncesOf("pm.one@hooks.example")).toBe(1);
  });

  it("SparkPost: a batch with its test ping, a bounce and a complaint", async () => {
    const { id, credentials } = await createSource({ provider: "sparkpost" });
    const auth = { authorization: `Basic ${Buffer.from(`${credentials!.user}:${credentials!.password}`).toString("base64")}` };
    expect((await post("sparkpost", id, JSON.stringify([{ msys: {} }]), auth)).status).toBe(200);
    const batch = JSON.stringify([
      {
        msys: {
          message_event: {
            type: "bounce",
            event_id: "sp-ev-1",
            rcpt_to: "sp.one@hooks.example",
            timestamp: "1796000000",
            bounce_class: "10",
            error_code: "550",
            raw_reason: "550 5.1.1 user unknown",
          },
        },
      },
      { msys: { message_event: { type: "spam_complaint", event_id: "sp-ev-2", rcpt_to: "sp.spam@hooks.example", timestamp: "1796000100", fbtype: "abuse" } } },
      { msys: { track_event: { type: "open", event_id: "sp-ev-3", rcpt_to: "sp.open@hooks.example", timestamp: "1796000200" } } },
    ]);
    expect((await post("sparkpost", id, batch, auth)).status).toBe(200);
    expect((await post("sparkpost", id, batch)).status).toBe(401);
    await importAll();
    expect(bouncesOf("sp.one@hooks.example")).toBe(1);
    expect(bouncesOf("sp.open@hooks.example")).toBe(0);
    expect(scalar("SELECT count(*) FROM Complaint WHERE email = 'sp.spam@hooks.example' AND sourceId = ?", id)).toBe(1);
    expect((await stats(id)).day).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1, reasons: [{ reason: "no credentials sent", count: 1 }] });
  });

  it("Brevo: the bearer token works when one was generated", async () => {
    const { id, credentials } = await createSource({ provider: "brevo", bearer: true });
    expect(credentials!.bearerToken).toMatch(/^rbw_/);
    const event = JSON.stringify({
      event: "spam",
      email: "br.spam@hooks.example",
      "message-id": "<x@brevo>",
      date: "2026-11-30 10:00:00",
      ts_event: 1_796_000_000,
    });
    expect((await post("brevo", id, event, { authorization: `Bearer ${credentials!.bearerToken}` })).status).toBe(200);
    expect((await post("brevo", id, event, { authorization: "Bearer rbw_wrong" })).status).toBe(401);
    expect(scalar("SELECT count(*) FROM Complaint WHERE email = 'br.spam@hooks.example' AND sourceId = ?", id)).toBe(1);
  });
});

describe("the generic endpoint", () => {
  it("takes JSON lines and CSV with the bearer token, keeps each line once, refuses a bad line and a wrong token", async () => {
    const { id, credentials } = await createSource({ provider: "generic" });
    expect(credentials?.bearerToken).toMatch(/^rbw_/);
    expect(scalar("SELECT count(*) FROM WebhookSource WHERE bearerHash = ?", credentials!.bearerToken)).toBe(0);
    const bearer = { authorization: `Bearer ${credentials!.bearerToken}` };
    const jsonl = [
      JSON.stringify({ email: "gen.one@hooks.example", status: "5.1.1", diagnostic: "550 5.1.1 user unknown", occurred_at: "2026-12-01T09:00:00Z" }),
      JSON.stringify({ email: "gen.two@hooks.example", status: "4.2.2", diagnostic: "452 4.2.2 mailbox full", occurred_at: "2026-12-01T09:05:00Z" }),
    ].join("\n");
    const first = await post("generic", id, jsonl, { ...bearer, "content-type": "application/x-ndjson" });
    expect(await first.json()).toEqual({ received: true, duplicate: false, events: 2, new: 2 });
    // The same first line again, as CSV, and one new line: only the new one is kept.
    const csv =
      "email,status,diagnostic,occurred_at\ngen.one@hooks.example,5.1.1,550 5.1.1 user unknown,2026-12-01T09:00:00Z\ngen.three@hooks.example,5.1.1,550 no such user,2026-12-01T09:10:00Z\n";
    expect(await (await post("generic", id, csv, { ...bearer, "content-type": "text/csv" })).json()).toEqual({
      received: true,
      duplicate: false,
      events: 2,
      new: 1,
    });
    expect(await (await post("generic", id, jsonl, bearer)).json()).toEqual({ received: true, duplicate: true, events: 2, new: 0 });

    const bad = await post("generic", id, `${jsonl}\n{"email": "gen.four@hooks.example", "status": [1]}`, bearer);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("line 3: status must be text");
    expect((await post("generic", id, jsonl, { authorization: "Bearer rbw_guess" })).status).toBe(401);
    expect((await post("generic", id, "x".repeat(5 * 1024 * 1024 + 1), bearer)).status).toBe(413);

    const ids = await importAll();
    expect(ids).toHaveLength(1);
    expect(sqlite().prepare("SELECT fileName, status, accepted FROM Import WHERE id = ?").get(ids[0])).toEqual({
      fileName: `Generic webhook — ${today()}`,
      status: "done",
      accepted: 3,
    });
    expect(bouncesOf("gen.one@hooks.example")).toBe(1);
    expect(bouncesOf("gen.three@hooks.example")).toBe(1);
    expect(bouncesOf("gen.four@hooks.example")).toBe(0);
    expect((await stats(id)).day).toMatchObject({ accepted: 2, duplicates: 1, rejected: 3 });
  });
});

describe("SES through SNS", () => {
  const keyPem = fs.readFileSync(path.resolve(__dirname, "fixtures/webhooks/sns-test-key.pem"), "utf8");
  const certPem = fs.readFileSync(path.resolve(__dirname, "fixtures/webhooks/sns-test-cert.pem"), "utf8");
  const TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-bounces";
  const options = (confirmed: string[]) => ({
    fetchCert: async () => certPem,
    confirmSubscription: async (url: string) => void confirmed.push(url),
    schedule: false,
  });

  function signed(over: Partial<SnsEnvelope>): string {
    const m = {
      Type: "Notification",
      MessageId: crypto.randomUUID(),
      TopicArn: TOPIC,
      Message: "",
      Timestamp: new Date().toISOString(),
      SignatureVersion: "1",
      Signature: "",
      SigningCertURL: "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem",
      ...over,
    } as SnsEnvelope;
    m.Signature = crypto
      .createSign(m.SignatureVersion === "1" ? "RSA-SHA1" : "RSA-SHA256")
      .update(canonicalString(m))
      .sign(keyPem, "base64");
    return JSON.stringify(m);
  }
  const request = (id: string, body: string) =>
    new Request(`http://rebound.test/api/webhooks/ses/${id}`, { method: "POST", body, headers: { "x-amz-sns-message-type": "Notification" } });

  it("confirms the subscription of an allowed topic only, then imports its bounces", async () => {
    const { id } = await createSource({ provider: "ses", topicArns: TOPIC });
    const confirmed: string[] = [];
    const subscribeURL = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=t";
    const confirmation = signed({ Type: "SubscriptionConfirmation", SubscribeURL: subscribeURL, Token: "t", Message: "You have chosen to subscribe" });
    expect((await receiveWebhook(request(id, confirmation), "ses", id, options(confirmed))).status).toBe(200);
    expect(confirmed).toEqual([subscribeURL]);
    const otherTopic = signed({
      Type: "SubscriptionConfirmation",
      TopicArn: "arn:aws:sns:eu-west-1:999999999999:theirs",
      SubscribeURL: subscribeURL,
      Token: "t",
      Message: "m",
    });
    expect((await receiveWebhook(request(id, otherTopic), "ses", id, options(confirmed))).status).toBe(403);
    expect(confirmed).toHaveLength(1);

    const notification = {
      notificationType: "Bounce",
      mail: { messageId: "ses-m-1", timestamp: "2026-11-30T10:00:00.000Z", commonHeaders: { to: ["ses.one@hooks.example"] } },
      bounce: {
        feedbackId: "ses-fb-1",
        bounceType: "Permanent",
        bounceSubType: "General",
        timestamp: "2026-11-30T10:00:05.000Z",
        bouncedRecipients: [{ emailAddress: "ses.one@hooks.example", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" }],
      },
    };
    const body = signed({ Message: JSON.stringify(notification), SignatureVersion: "2" });
    expect((await receiveWebhook(request(id, body), "ses", id, options(confirmed))).status).toBe(200);
    // SNS retrying the same message: same MessageId and body, answered 200 and kept once.
    expect(await (await receiveWebhook(request(id, body), "ses", id, options(confirmed))).json()).toEqual({ received: true, duplicate: true });
    const raw = new Request(`http://rebound.test/api/webhooks/ses/${id}`, {
      method: "POST",
      body: JSON.stringify(notification),
      headers: { "x-amz-sns-message-type": "Notification", "x-amz-sns-rawdelivery": "true" },
    });
    expect((await receiveWebhook(raw, "ses", id, options(confirmed))).status).toBe(403);
    await importAll();
    expect(bouncesOf("ses.one@hooks.example")).toBe(1);
    const s = await stats(id);
    expect(s.day.reasons.map((r) => r.reason).sort()).toEqual([expect.stringMatching(/^raw message delivery/), expect.stringMatching(/^topic not allowed/)]);
  });
});

describe("connecting a platform", () => {
  it("refuses a key or a topic that cannot work, naming the problem", async () => {
    await expect(createSource({ provider: "sendgrid", key: "not a key" })).rejects.toThrow(/not a public key/);
    await expect(createSource({ provider: "sendgrid" })).rejects.toThrow(/Paste the Verification key/);
    await expect(createSource({ provider: "mailgun", key: "short" })).rejects.toThrow(/16 to 200 characters/);
    await expect(createSource({ provider: "ses", topicArns: "arn:aws:s3:::bucket" })).rejects.toThrow(/is not an SNS topic ARN/);
    await expect(createSource({ provider: "gmail" })).rejects.toThrow(/Unknown platform/);
    const { id, credentials } = await createSource({
      provider: "ses",
      topicArns: "arn:aws:sns:us-east-1:123456789012:a, arn:aws:sns:us-east-1:123456789012:b",
    });
    expect(credentials).toBeNull();
    expect((await stats(id)).topics).toEqual(["arn:aws:sns:us-east-1:123456789012:a", "arn:aws:sns:us-east-1:123456789012:b"]);
  });
});
