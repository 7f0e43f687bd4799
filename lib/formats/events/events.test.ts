import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { MappedRow } from "../types";
import { detectEventReader, getEventReader } from ".";

const OWN = path.resolve(__dirname, "../../../test/fixtures/formats");
const json = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(OWN, f), "utf8"));

/** Reads a saved payload as a webhook route would: the parsed body, through its provider's reader. */
function read(provider: string, value: unknown): MappedRow[] {
  const reader = getEventReader(provider);
  if (!reader) throw new Error(`no reader ${provider}`);
  return reader.read(value, 1, JSON.stringify(value));
}
const bounces = (rows: MappedRow[]) => rows.flatMap((r) => (r.kind === "bounce" ? [r.record] : []));
const skips = (rows: MappedRow[]) => rows.flatMap((r) => (r.kind === "skip" ? [r.reason] : []));

describe("each platform's JSON is recognised by its own reader", () => {
  it.each([
    ["postmark-bounces.json", "postmark"],
    ["postmark-webhook.json", "postmark"],
    ["postmark-suppressions.json", "postmark"],
    ["mailgun-events.json", "mailgun"],
    ["mailgun-webhook.json", "mailgun"],
    ["sparkpost-events.json", "sparkpost"],
    ["brevo-events.json", "brevo"],
    ["brevo-webhook.json", "brevo"],
    ["ses-suppression-list.json", "ses"],
  ])("%s → %s", (file, id) => {
    expect(detectEventReader(json(file))?.id).toBe(id);
  });

  it("array payloads by their first element (how a file of them is read)", () => {
    expect(detectEventReader((json("sendgrid-webhook.json") as unknown[])[0])?.id).toBe("sendgrid");
    expect(detectEventReader((json("sparkpost-webhook.json") as unknown[])[0])?.id).toBe("sparkpost");
    expect(detectEventReader((json("ses-notifications.json") as unknown[])[0])?.id).toBe("ses");
    expect(detectEventReader({ foo: 1 })).toBeNull();
  });
});

describe("webhook payloads read as the file import reads them", () => {
  it("Postmark: a bounce webhook is one bounce; other record types are skipped", () => {
    expect(bounces(read("postmark", json("postmark-webhook.json")))).toEqual([
      expect.objectContaining({ email: "javier.moreno@hotmail.es", occurredAt: new Date("2026-10-02T13:02:17Z"), dsnStatus: "5.1.1", replyCode: 550 }),
    ]);
    expect(
      skips(
        read("postmark", { RecordType: "SpamComplaint", Type: "SpamComplaint", TypeCode: 100001, Email: "a@example.com", BouncedAt: "2026-10-01T00:00:00Z" }),
      ),
    ).toEqual(["spam complaint, not a bounce"]);
    expect(skips(read("postmark", { RecordType: "Delivery", MessageStream: "outbound", Recipient: "a@example.com" }))).toEqual([
      "Postmark Delivery record, not a bounce",
    ]);
  });

  it("Mailgun: the event inside the signed envelope, with the To header's name", () => {
    expect(bounces(read("mailgun", json("mailgun-webhook.json")))).toEqual([
      expect.objectContaining({
        email: "rosa.blanco@gmail.com",
        name: "Rosa Blanco Núñez",
        dsnStatus: "5.2.1",
        replyCode: 550,
        remoteMta: "gmail-smtp-in.l.google.com",
      }),
    ]);
  });

  it("SparkPost: a batch of msys entries; only message_event bounces are bounces", () => {
    const rows = read("sparkpost", json("sparkpost-webhook.json"));
    expect(bounces(rows).map((b) => [b.email, b.category, b.occurredAt?.toISOString()])).toEqual([
      ["nuria.sanchez@exampel.com", "bad-domain", "2026-10-07T08:00:00.000Z"],
    ]);
    expect(skips(rows)).toEqual(["SparkPost open event, not a bounce", "SparkPost list_unsubscribe event, not a bounce"]);
  });

  it("SendGrid: bounces (also the 'blocked' type, a receiver's block) kept; dropped and deferred skipped", () => {
    const rows = read("sendgrid", json("sendgrid-webhook.json"));
    expect(bounces(rows).map((b) => b.email)).toEqual(["carmen.ruiz@acme-industrial.com", "oscar.navarro@outlook.com"]);
    expect(skips(rows)).toEqual([
      "SendGrid 'processed' event, not a bounce",
      "dropped by SendGrid, never sent (a suppressed or invalid address)",
      "SendGrid deferral (a temporary delay, retried)",
    ]);
  });

  it("Brevo: the epoch field dates a webhook event, not its zone-less date", () => {
    expect(bounces(read("brevo", json("brevo-webhook.json")))).toEqual([
      expect.objectContaining({ email: "javier.moreno@hotmail.es", occurredAt: new Date("2026-10-02T08:04:05.123Z"), replyCode: 550 }),
    ]);
    expect(skips(read("brevo", { event: "blocked", email: "a@example.com", date: "2026-10-01 10:00:00", reason: "blocked : due to blacklist user" }))).toEqual([
      "blocked by Brevo before sending (the contact is on your blocklist)",
    ]);
  });

  it("SES: an SNS delivery of a notification whose sub-type says SES never sent it is skipped", () => {
    const notification = (json("ses-notifications.json") as unknown[])[1];
    expect(skips(read("ses", { Type: "Notification", Message: JSON.stringify(notification) }))).toEqual([
      "not sent by Amazon SES: the address is on a suppression list",
    ]);
  });

  it("a value of the wrong shape is a rejected row, not a crash", () => {
    expect(read("mailgun", { hello: "world" })).toEqual([expect.objectContaining({ kind: "reject", reason: "not a Mailgun event (no event or recipient)" })]);
    expect(read("brevo", 42)).toEqual([expect.objectContaining({ kind: "reject", reason: "not a JSON object" })]);
  });
});
