import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openBounceFile, previewBounceFile } from "./open";
import { ImportFileError, type BounceRecord, type MappedRow } from "./types";

const EXPORTS = path.resolve(__dirname, "../../test/fixtures/exports");
const OWN = path.resolve(__dirname, "../../test/fixtures/formats");
const exportFile = (f: string) => path.join(EXPORTS, f);
const own = (f: string) => path.join(OWN, f);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-formats-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
function tmpFile(name: string, content: string | Uint8Array): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

async function readAll(file: string, options?: Parameters<typeof openBounceFile>[1]) {
  const opened = await openBounceFile(file, options);
  const rows: MappedRow[] = [];
  const batches: { size: number; bytesRead: number }[] = [];
  for await (const batch of opened.batches) {
    rows.push(...batch.rows);
    batches.push({ size: batch.rows.length, bytesRead: batch.bytesRead });
  }
  const bounces = rows.filter((r): r is Extract<MappedRow, { kind: "bounce" }> => r.kind === "bounce");
  return { opened, rows, batches, bounces, records: bounces.map((b) => b.record) };
}

async function fileError(file: string, options?: Parameters<typeof openBounceFile>[1]): Promise<ImportFileError> {
  try {
    await openBounceFile(file, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error("expected an ImportFileError");
}

const blank: BounceRecord = {
  email: "",
  occurredAt: null,
  dsnStatus: null,
  replyCode: null,
  diagnostic: null,
  remoteMta: null,
  category: null,
  name: null,
  phone: null,
  company: null,
};
const rec = (r: Partial<BounceRecord>): BounceRecord => ({ ...blank, ...r });
const at = (iso: string) => new Date(iso);

describe("format detection", () => {
  it.each([
    [exportFile("powermta-acct.csv"), "powermta"],
    [exportFile("generic-with-contacts.csv"), "generic"],
    [exportFile("sendgrid-bounces.csv"), "sendgrid"],
    [exportFile("mailgun-bounces.csv"), "mailgun"],
    [exportFile("excel-semicolon-es.csv"), "generic"],
    [exportFile("bad-mixed-rows.csv"), "generic"],
    [exportFile("xss-diagnostic.csv"), "generic"],
    [own("mailchimp-cleaned.csv"), "mailchimp"],
    [own("ses-bounces.jsonl"), "ses"],
    [own("ses-bounces.csv"), "ses"],
    [own("postmark-bounces.csv"), "postmark"],
    [own("sparkpost-bounces.csv"), "sparkpost"],
    [own("brevo-bounces.csv"), "brevo"],
    [own("utf16-tab.txt"), "generic"],
    [own("windows-1252.csv"), "generic"],
    [own("pmta-custom-order.csv"), "powermta"],
    [own("sendgrid-datetime.csv"), "sendgrid"],
  ])("%s is %s", async (file, format) => {
    const { opened } = await readAll(file);
    expect(opened.format).toBe(format);
    const preview = await previewBounceFile(file);
    expect(preview.detectedFormat).toBe(format);
  });
});

describe("sample exports", () => {
  it("PowerMTA accounting: 240 bounces with bounceCat, UTC dates, status and reply code", async () => {
    const { records, rows, opened } = await readAll(exportFile("powermta-acct.csv"));
    expect(opened.formatLabel).toBe("PowerMTA / Mailrelay accounting");
    expect(opened.header).toHaveLength(23);
    expect(rows).toHaveLength(240);
    expect(records).toHaveLength(240);
    expect(records[0]).toEqual(
      rec({
        email: "laura.garcia0@acme-industrial.com",
        occurredAt: at("2026-09-30T22:15:09Z"),
        dsnStatus: "5.1.1",
        replyCode: 550,
        diagnostic:
          "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
        remoteMta: "mx.acme-industrial.com",
        category: "bad-mailbox",
      }),
    );
    expect(records[2]).toMatchObject({ email: "elena.diaz2@gmial.com", dsnStatus: "5.5.0", replyCode: 550, category: "bad-mailbox" });
    expect(records.every((r) => r.category !== null && !r.diagnostic?.startsWith("smtp;"))).toBe(true);
  });

  it("generic with contacts: name, phone, UTC-midnight dates", async () => {
    const { records } = await readAll(exportFile("generic-with-contacts.csv"));
    expect(records).toHaveLength(240);
    expect(records[1]).toEqual(
      rec({
        email: "elena.lopez1@hotmail.es",
        occurredAt: at("2026-10-02T00:00:00Z"),
        dsnStatus: "5.1.1",
        replyCode: 550,
        diagnostic: "550 5.1.1 <elena.lopez1@hotmail.es>: Recipient address rejected: User unknown in virtual mailbox table",
        name: "Elena López",
        phone: "+34 666038275",
      }),
    );
    expect(records[5]).toMatchObject({ dsnStatus: "5.1.2", replyCode: null, diagnostic: expect.stringMatching(/^Host or domain name not found/) });
  });

  it("SendGrid: unix-second dates", async () => {
    const { records } = await readAll(exportFile("sendgrid-bounces.csv"));
    expect(records).toHaveLength(240);
    expect(records[0]).toMatchObject({
      email: "laura.garcia0@acme-industrial.com",
      occurredAt: at("2026-09-21T14:13:20Z"),
      dsnStatus: "5.1.1",
      replyCode: 550,
    });
    expect(records[1].occurredAt).toEqual(at("2026-09-21T15:13:20Z"));
  });

  it("Mailgun: RFC 2822 dates and the code column", async () => {
    const { records } = await readAll(exportFile("mailgun-bounces.csv"));
    expect(records).toHaveLength(240);
    expect(records[0]).toMatchObject({ occurredAt: at("2026-10-01T00:11:58Z"), replyCode: 550, dsnStatus: "5.1.1" });
    expect(records[8]).toMatchObject({
      email: "marta.fernandez8@acme-industrial.com",
      replyCode: 452,
      dsnStatus: "4.2.2",
      diagnostic: "452 4.2.2 Mailbox full",
    });
  });

  it("Excel Spanish export: BOM, semicolons, CRLF, dd/mm/yyyy, no mapping step", async () => {
    const { records, opened } = await readAll(exportFile("excel-semicolon-es.csv"));
    expect(opened.header).toEqual(["Correo electrónico", "Nombre", "Teléfono", "Fecha", "Código", "Motivo"]);
    expect(records).toHaveLength(60);
    expect(records[0]).toEqual(
      rec({
        email: "laura.garcia0@acme-industrial.com",
        occurredAt: at("2026-10-01T00:00:00Z"),
        dsnStatus: "5.1.1",
        replyCode: 550,
        diagnostic:
          "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
        name: "Laura García",
        phone: "+34 670480272",
      }),
    );
    expect(records[11].occurredAt).toEqual(at("2026-10-12T00:00:00Z"));
    expect(records.at(-1)!.diagnostic).toBe(
      "delivery temporarily suspended: connect to mx.example.org[198.51.100.2]:25: Connection timed out; message expired",
    );
    const preview = await previewBounceFile(exportFile("excel-semicolon-es.csv"));
    expect(preview).toMatchObject({ delimiter: ";", encoding: "utf-8", detectedFormat: "generic" });
    expect(preview.rows).toHaveLength(10);
    expect(preview.rows[0][3]).toBe("01/10/2026");
  });

  it("bad-empty → empty-file", async () => {
    expect((await fileError(exportFile("bad-empty.csv"))).code).toBe("empty-file");
  });

  it("bad-binary → not-text naming Excel/zip", async () => {
    const e = await fileError(exportFile("bad-binary.csv"));
    expect(e.code).toBe("not-text");
    expect(e.message).toMatch(/Excel or zip file/);
  });

  it("bad-header-only → no-rows", async () => {
    const e = await fileError(exportFile("bad-header-only.csv"));
    expect(e.code).toBe("no-rows");
    expect(e.message).toMatch(/email, status, diagnostic/);
  });

  it("bad-mixed-rows: good rows imported, bad ones rejected with their lines", async () => {
    const { rows, records } = await readAll(exportFile("bad-mixed-rows.csv"));
    expect(records.map((r) => r.email)).toEqual(["ok.one@example.com", "ok.three@example.com"]);
    expect(rows.map((r) => [r.kind, r.line])).toEqual([
      ["bounce", 2],
      ["reject", 3],
      ["reject", 4],
      ["reject", 5],
      ["bounce", 6],
    ]);
    expect(rows[1]).toEqual({
      kind: "reject",
      line: 3,
      reason: "invalid email address 'not-an-email'",
      column: "email",
      raw: "not-an-email,5.1.1,550 user unknown",
    });
    // raw is the line as written in the file, delimiter included.
    const semi = await readAll(tmpFile("semi.csv", 'correo;motivo\r\nnope;"550; no"\r\n'));
    expect(semi.rows[0]).toMatchObject({ kind: "reject", raw: 'nope;"550; no"' });
    expect(rows[2]).toEqual({ kind: "reject", line: 4, reason: "no email address", column: "email", raw: ",5.2.2,mailbox full" });
    expect(rows[3]).toMatchObject({ kind: "reject", line: 5, reason: "unterminated quoted field starting at line 5, column 26" });
    expect(records[1]).toMatchObject({ dsnStatus: "4.4.7", diagnostic: "Message expired" });
  });

  it("xss-diagnostic: 3 bounces, hostile text kept verbatim", async () => {
    const { records } = await readAll(exportFile("xss-diagnostic.csv"));
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({
      name: "<b>Bold</b> <script>alert('name')</script>",
      diagnostic: "550 5.7.1 <img src=x onerror=alert(1)><script>alert('x')</script> blocked",
      dsnStatus: "5.7.1",
    });
    expect(records[1]).toMatchObject({
      name: "=1+2",
      phone: '=HYPERLINK("http://evil.example","click")',
      diagnostic: '=HYPERLINK("http://evil.example","click")',
    });
    expect(records[2]).toMatchObject({ name: "+SUM(A1:A2)", phone: "-2+3", diagnostic: "@SUM(1+1)*cmd|' /C calc'!A0" });
  });
});

describe("new fixtures", () => {
  it("Mailchimp cleaned: no reason and no category of its own, name and phone", async () => {
    const { records, rows } = await readAll(own("mailchimp-cleaned.csv"));
    expect(rows.every((r) => r.kind === "bounce")).toBe(true);
    expect(records[1]).toEqual(
      rec({
        email: "javier.moreno@hotmail.es",
        occurredAt: at("2026-10-02T14:03:07Z"),
        name: "Javier Moreno",
        phone: "+34 622 310 947",
      }),
    );
  });

  it("SES JSON lines: one row per bounced recipient, SNS envelopes, skips, no invented reply", async () => {
    const { rows, records, opened } = await readAll(own("ses-bounces.jsonl"));
    expect(opened.format).toBe("ses");
    expect(records).toHaveLength(13);
    expect(rows.filter((r) => r.kind === "skip").map((r) => [r.line, (r as { reason: string }).reason])).toEqual([
      [10, "SES Delivery notification, not a bounce"],
      [13, "spam complaint, not a bounce"],
    ]);
    expect(records[0]).toEqual(
      rec({
        email: "carmen.ruiz@acme-industrial.com",
        occurredAt: at("2026-10-01T00:00:41.000Z"),
        dsnStatus: "5.1.1",
        replyCode: 550,
        diagnostic: expect.stringMatching(/^550-5\.1\.1 The email account/),
        remoteMta: "198.51.100.20",
      }),
    );
    const noDiag = records.find((r) => r.email === "andres.jimenez@telefonica.net")!;
    // No reply: nothing is stored as the server's words, the sub-type still gives the category.
    expect(noDiag).toMatchObject({ diagnostic: null, category: "bad-mailbox", dsnStatus: null });
    const multi = rows.filter((r) => r.line === 6);
    expect(multi.map((r) => r.kind === "bounce" && r.record.email)).toEqual(["oscar.navarro@outlook.com", "elena.rubio@aol.com"]);
    const sns = rows.find((r) => r.line === 8) as Extract<MappedRow, { kind: "bounce" }>;
    expect(sns.record).toMatchObject({ email: "pablo.gil@exampel.com", dsnStatus: "4.7.0", replyCode: 421, category: null });
  });

  it("SES CSV: flattened field names", async () => {
    const { rows, records } = await readAll(own("ses-bounces.csv"));
    expect(records).toHaveLength(12);
    expect(rows.find((r) => r.kind === "skip")).toEqual({ kind: "skip", line: 8, reason: "SES Delivery notification, not a bounce" });
    expect(records[2]).toMatchObject({
      email: "lucia.martin@gmial.com",
      dsnStatus: "5.2.2",
      replyCode: 552,
      category: "quota-issues",
      occurredAt: at("2026-10-03T02:15:03.022Z"),
    });
    expect(records[4]).toMatchObject({ diagnostic: null, category: "bad-mailbox" });
  });

  it("Postmark: Details is the reply, Description is not stored, auto-responders skipped", async () => {
    const { rows, records } = await readAll(own("postmark-bounces.csv"));
    expect(rows.filter((r) => r.kind === "skip")).toEqual([{ kind: "skip", line: 6, reason: "auto-reply, not a bounce" }]);
    expect(records[0]).toMatchObject({ occurredAt: at("2026-10-01T12:00:17.123Z"), dsnStatus: "5.1.1", replyCode: 550 });
    expect(records[6]).toMatchObject({ category: "spam-related", diagnostic: "554 5.7.1 [P4] Message blocked due to spam content in the message." });
    // No Details on this row: Postmark's fixed text for the type is not the server's words.
    expect(records[9]).toMatchObject({ diagnostic: null, dsnStatus: null });
    expect(records.every((r) => r.name === null)).toBe(true);
  });

  it("SparkPost: bounce classes, deliveries and auto-replies skipped", async () => {
    const { rows, records } = await readAll(own("sparkpost-bounces.csv"));
    expect(records).toHaveLength(14);
    expect(rows.filter((r) => r.kind === "skip").map((r) => r.line)).toEqual([5, 10, 18]);
    expect(records[0]).toMatchObject({ category: "bad-mailbox", replyCode: 550, remoteMta: "198.51.100.60", occurredAt: at("2026-10-01T00:41:09Z") });
    expect(records[4]).toMatchObject({ category: "bad-domain", replyCode: 550 });
  });

  it("Brevo: semicolons, dd-mm-yyyy dates, non-bounce events and Brevo's own blocks skipped", async () => {
    const { rows, records } = await readAll(own("brevo-bounces.csv"));
    expect(records).toHaveLength(11);
    expect(rows.filter((r) => r.kind === "skip").map((r) => (r as { reason: string }).reason)).toEqual([
      "Brevo 'Delivered' event, not a bounce",
      "blocked by Brevo before sending (the contact is on your blocklist)",
      "Brevo 'Opened' event, not a bounce",
    ]);
    expect(records[1]).toMatchObject({ email: "javier.moreno@hotmail.es", occurredAt: at("2026-10-02T08:04:05Z"), dsnStatus: "5.1.1" });
  });

  it("UTF-16 LE tab-separated 'Unicode text'", async () => {
    const preview = await previewBounceFile(own("utf16-tab.txt"));
    expect(preview).toMatchObject({ delimiter: "\t", encoding: "utf-16le" });
    const { records } = await readAll(own("utf16-tab.txt"));
    expect(records).toHaveLength(10);
    expect(records[2]).toMatchObject({ email: "lucia.martin@gmial.com", name: "Lucía Martín", occurredAt: at("2026-10-03T11:10:00Z") });
  });

  it("Windows-1252 bytes (0xE9 = é) and Spanish columns with nombre + apellidos", async () => {
    const preview = await previewBounceFile(own("windows-1252.csv"));
    expect(preview).toMatchObject({ delimiter: ";", encoding: "windows-1252" });
    expect(preview.header[3]).toBe("Teléfono");
    const { records } = await readAll(own("windows-1252.csv"));
    expect(records.at(-1)).toEqual(
      rec({
        email: "ines.nunez@correo-cerrado.es",
        occurredAt: at("2026-10-12T00:00:00Z"),
        dsnStatus: "5.1.1",
        replyCode: 550,
        diagnostic: "550 5.1.1 Buzón inexistente: el usuario «ines.nunez» no existe",
        name: "Inés Núñez",
        phone: "+34 611 000 111",
        company: "Cañas & Peñas",
      }),
    );
  });

  it("PowerMTA custom field order: deliveries skipped, unix times, unknown bounceCat → null", async () => {
    const { rows, records } = await readAll(own("pmta-custom-order.csv"));
    expect(records).toHaveLength(14);
    expect(rows.filter((r) => r.kind === "skip")).toHaveLength(15);
    expect(rows[0]).toEqual({ kind: "skip", line: 2, reason: "delivery record (type d), not a bounce" });
    expect(rows.find((r) => r.line === 7)).toEqual({ kind: "skip", line: 7, reason: "transient failure (deferral) record (type t), not a bounce" });
    expect(records[0]).toMatchObject({
      email: "carmen.ruiz@acme-industrial.com",
      occurredAt: at("2026-09-21T14:13:20Z"),
      dsnStatus: "5.1.1",
      replyCode: 550,
      remoteMta: "mx.acme-industrial.com",
      category: "bad-mailbox",
    });
    expect(records[1].email).toBe("javier.moreno@hotmail.es");
    expect(records[13]).toMatchObject({ email: "hugo.delgado@xn--mnchen-test-thb.de", category: null });
  });

  it("SendGrid with datetime strings", async () => {
    const { records } = await readAll(own("sendgrid-datetime.csv"));
    expect(records).toHaveLength(12);
    expect(records[3]).toMatchObject({ email: "andres.jimenez@telefonica.net", occurredAt: at("2026-10-04T08:09:12Z"), dsnStatus: "4.2.2", replyCode: 452 });
  });
});

describe("openBounceFile", () => {
  it("batches rows and reports bytes read", async () => {
    const { batches, rows } = await readAll(exportFile("powermta-acct.csv"), { batchSize: 100 });
    expect(batches.map((b) => b.size)).toEqual([100, 100, 40]);
    expect(rows).toHaveLength(240);
    expect(batches.at(-1)!.bytesRead).toBe(fs.statSync(exportFile("powermta-acct.csv")).size);
  });

  it("streams a file bigger than one read, across chunk boundaries", async () => {
    const lines = ["email,date,diagnostic"];
    for (let i = 0; i < 30_000; i++) lines.push(`user${i}@example.com,2026-10-01 10:00:00,"550 5.1.1 user ""${i}"" unknown,\nsecond line"`);
    const file = tmpFile("big.csv", lines.join("\r\n") + "\r\n");
    const { rows, records, batches } = await readAll(file);
    expect(fs.statSync(file).size).toBeGreaterThan(1024 * 1024);
    expect(records).toHaveLength(30_000);
    expect(batches.map((b) => b.size)).toEqual([5000, 5000, 5000, 5000, 5000, 5000]);
    expect(rows[29_999].line).toBe(2 + 29_999 * 2);
    expect(records[12345]).toMatchObject({ email: "user12345@example.com", diagnostic: '550 5.1.1 user "12345" unknown,\nsecond line' });
  });

  it("unknown layout → error with header and first 5 rows", async () => {
    const file = tmpFile("unknown.csv", "id;who;when\n1;ana;today\n2;luis;today\n3;x;y\n4;x;y\n5;x;y\n6;x;y\n");
    const e = await fileError(file);
    expect(e.code).toBe("unknown-layout");
    expect(e.message).toMatch(/id, who, when/);
    expect(e.preview).toEqual({
      header: ["id", "who", "when"],
      rows: [
        ["1", "ana", "today"],
        ["2", "luis", "today"],
        ["3", "x", "y"],
        ["4", "x", "y"],
        ["5", "x", "y"],
      ],
    });
    const preview = await previewBounceFile(file);
    expect(preview.detectedFormat).toBeNull();
  });

  it("reads an unknown layout with a hand-made mapping", async () => {
    const file = tmpFile(
      "mapped.csv",
      "Destino,Cuándo,Respuesta SMTP,Cliente\n  Ana@Example.COM ,05/10/2026 10:30,smtp;550 5.1.1 no such user,Ana Pérez\nbad,x,y,z\n",
    );
    const { rows, opened } = await readAll(file, { mapping: { email: "Destino", date: "cuando", diagnostic: "Respuesta SMTP", name: "Cliente" } });
    expect(opened.format).toBe("mapped");
    expect(rows[0]).toEqual({
      kind: "bounce",
      line: 2,
      record: rec({
        email: "ana@example.com",
        occurredAt: at("2026-10-05T10:30:00Z"),
        dsnStatus: "5.1.1",
        replyCode: 550,
        diagnostic: "550 5.1.1 no such user",
        name: "Ana Pérez",
      }),
    });
    expect(rows[1]).toMatchObject({ kind: "reject", line: 3, column: "Destino", reason: "invalid email address 'bad'" });
    const e = await fileError(file, { mapping: { email: "Correo" } });
    expect(e.code).toBe("unknown-layout");
    expect(e.message).toMatch(/"Correo"/);
  });

  it("a bad date is a rejected row naming the column and value", async () => {
    const file = tmpFile("baddate.csv", "email,date\na@x.com,32/13/2026\nb@x.com,\n");
    const { rows } = await readAll(file);
    expect(rows[0]).toEqual({ kind: "reject", line: 2, reason: "invalid date in column 'date': '32/13/2026'", column: "date", raw: "a@x.com,32/13/2026" });
    expect(rows[1]).toMatchObject({ kind: "bounce", record: { occurredAt: null, diagnostic: null } });
  });

  it("short rows are fine when the needed columns exist", async () => {
    const file = tmpFile("short.csv", "email,status,diagnostic\na@x.com\nb@x.com,5.1.1,x,extra,fields\n,\n");
    const { rows } = await readAll(file);
    expect(rows.map((r) => r.kind)).toEqual(["bounce", "bounce"]);
  });

  it("honours an Excel 'sep=' first line", async () => {
    const file = tmpFile("sep.csv", "sep=|\r\nemail|diagnostic\r\na@x.com|550 5.1.1 a, b; c\r\n");
    const { records, opened, rows } = await readAll(file);
    expect(opened.header).toEqual(["email", "diagnostic"]);
    expect(rows[0].line).toBe(3);
    expect(records[0]).toMatchObject({ diagnostic: "550 5.1.1 a, b; c" });
  });

  it("UTF-16 BE with BOM", async () => {
    const body = Buffer.from("email\tstatus\r\nA@X.com\t5.1.1\r\n", "utf16le").swap16();
    const file = tmpFile("be.txt", Buffer.concat([Buffer.from([0xfe, 0xff]), body]));
    const { records } = await readAll(file);
    expect(records).toEqual([rec({ email: "a@x.com", dsnStatus: "5.1.1" })]);
  });

  it("blank-only file → empty-file; JSON of no known platform → unknown-layout; broken header quote → unreadable", async () => {
    expect((await fileError(tmpFile("blank.csv", "\r\n\n  \n"))).code).toBe("empty-file");
    expect((await fileError(tmpFile("other.json", '[{"foo": 1}]'))).code).toBe("unknown-layout");
    expect((await fileError(tmpFile("badheader.csv", 'email,"status\na@x.com,5.1.1\n'))).code).toBe("unreadable");
    expect((await fileError(path.join(tmp, "missing.csv"))).code).toBe("unreadable");
    expect((await fileError(tmpFile("doc.pdf", "%PDF-1.4\n%âãÏÓ\n"))).code).toBe("not-text");
  });

  it("SES as a JSON array, an SNS envelope and a Lambda Records event", async () => {
    const note = (email: string) => ({
      notificationType: "Bounce",
      bounce: { bounceType: "Transient", bounceSubType: "MailboxFull", timestamp: "2026-10-01T10:00:00.000Z", bouncedRecipients: [{ emailAddress: email }] },
      mail: { timestamp: "2026-10-01T09:59:58.000Z" },
    });
    const file = tmpFile(
      "ses.json",
      JSON.stringify(
        [
          note("a@x.com"),
          { Type: "Notification", Message: JSON.stringify(note("b@x.com")) },
          { Records: [{ Sns: { Message: JSON.stringify(note("c@x.com")) } }] },
        ],
        null,
        2,
      ),
    );
    const { records, rows } = await readAll(file);
    expect(rows.map((r) => r.line)).toEqual([2, 18, 22]);
    expect(records.map((r) => r.email)).toEqual(["a@x.com", "b@x.com", "c@x.com"]);
    expect(records[0]).toEqual(rec({ email: "a@x.com", occurredAt: at("2026-10-01T10:00:00Z"), category: "quota-issues" }));
  });

  it("an invalid JSON line is a rejected row", async () => {
    const good = JSON.stringify({
      notificationType: "Bounce",
      bounce: {
        bounceType: "Permanent",
        bounceSubType: "General",
        bouncedRecipients: [{ emailAddress: "a@x.com", diagnosticCode: "smtp; 550 5.1.1 unknown" }],
      },
    });
    const file = tmpFile("broken.jsonl", `${good}\n{"notificationType": "Bounce", oops}\nnot json at all\n${good}\n`);
    const { rows } = await readAll(file);
    expect(rows.map((r) => [r.kind, r.line])).toEqual([
      ["bounce", 1],
      ["reject", 2],
      ["reject", 3],
      ["bounce", 4],
    ]);
    expect(rows[0]).toMatchObject({ record: { diagnostic: "550 5.1.1 unknown", dsnStatus: "5.1.1", replyCode: 550 } });
  });
});
