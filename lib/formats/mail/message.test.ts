/** What readMailMessage makes of messages around bounces: forwards, replies, terse reports. */
import { describe, expect, it } from "vitest";
import { canonicalEmail } from "../email";
import { readMailMessage } from "./message";

const read = (raw: string) => readMailMessage({ bytes: Buffer.from(raw.replace(/\n/g, "\r\n")), messageNo: 3, file: "x.eml", cut: false });

const innerBounce = [
  "From: MAILER-DAEMON@mx.dest.example (Mail Delivery System)",
  "To: bounces@sender.example",
  "Subject: Undelivered Mail Returned to Sender",
  "Content-Type: multipart/report; report-type=delivery-status; boundary=in",
  "",
  "--in",
  "Content-Type: text/plain",
  "",
  "This is the mail system at host mx.dest.example.",
  "--in",
  "Content-Type: message/delivery-status",
  "",
  "Reporting-MTA: dns; mx.dest.example",
  "",
  "Final-Recipient: rfc822; ravi@dest.example",
  "Action: failed",
  "Status: 5.2.1",
  "--in--",
].join("\n");

describe("readMailMessage", () => {
  it("reads a bounce forwarded as an attachment, shown as the forward", async () => {
    const raw = `From: Platform <forwarder@platform.example>\nTo: news@sender.example\nSubject: Fwd: bounce\nContent-Type: multipart/mixed; boundary=out\n\n--out\nContent-Type: text/plain\n\nForwarded.\n--out\nContent-Type: message/rfc822\n\n${innerBounce}\n--out--\n`;
    const rows = await read(raw);
    expect(rows).toHaveLength(1);
    const r = rows[0];
    expect(
      r.kind === "bounce" && { email: r.record.email, status: r.record.dsnStatus, file: r.mail?.file, forward: r.mail?.raw.startsWith("From: Platform") },
    ).toEqual({
      email: "ravi@dest.example",
      status: "5.2.1",
      file: "x.eml",
      forward: true,
    });
  });

  it("files a person's reply quoting a bounce as no bounce", async () => {
    const raw =
      "From: Jo <jo@client.example>\nTo: news@sender.example\nSubject: AW: Unzustellbar: Rechnung\n\nSiehe unten.\n\n> Delivery has failed to these recipients or groups:\n> old@client.example\n> Remote Server returned '550 5.1.1 not found'\n";
    expect(await read(raw)).toEqual([{ kind: "skip", line: 3, reason: "not a bounce" }]);
  });

  it("takes a failed recipient's reason from the text when the report gives none", async () => {
    const raw = innerBounce
      .replace("Status: 5.2.1", "")
      .replace("This is the mail system at host mx.dest.example.", "<ravi@dest.example>: host mx said: 552 5.2.2 Over quota");
    const rows = await read(raw);
    expect(rows.map((r) => r.kind === "bounce" && [r.record.dsnStatus, r.record.diagnostic])).toEqual([["5.2.2", "552 5.2.2 Over quota"]]);
  });

  it("takes the reply from the text when the report has a generic Status and no Diagnostic-Code", async () => {
    const raw = innerBounce
      .replace("Status: 5.2.1", "Status: 5.0.0")
      .replace("This is the mail system at host mx.dest.example.", "Delivery failed for ravi@dest.example\nThe remote server said: 550 5.1.1 unknown user");
    const rows = await read(raw);
    expect(rows.map((r) => r.kind === "bounce" && [r.record.dsnStatus, r.record.diagnostic])).toEqual([["5.1.1", "550 5.1.1 unknown user"]]);
  });

  it("stores an SMTPUTF8 report's Unicode address as a CSV import stores it, so both dedupe to one subscriber", async () => {
    const raw = innerBounce
      .replace("message/delivery-status", "message/global-delivery-status")
      .replace("Final-Recipient: rfc822; ravi@dest.example", "Final-Recipient: utf-8; Renée@Médiathèque.example");
    const rows = await read(raw);
    const stored = rows[0].kind === "bounce" ? rows[0].record.email : null;
    expect(stored).toBe("renée@xn--mdiathque-53af.example");
    expect(stored).toBe(canonicalEmail("renée@médiathèque.example"));
    expect(stored).toBe(canonicalEmail("renée@xn--mdiathque-53af.example"));
  });
});
