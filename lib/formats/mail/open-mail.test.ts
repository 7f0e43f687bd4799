import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { mailFixture, makeMbox } from "../../../test/helpers/make-mbox";
import { makeZip } from "../../../test/helpers/make-zip";
import { memberPathOf, unpackArchive } from "../archive";
import { openBounceFile, previewBounceFile } from "../open";
import { ImportFileError, MAX_RAW_MAIL, type MappedRow } from "../types";
import { preciseStatus, readMailMessage } from "./message";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-mail-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, data: Buffer | string) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, data);
  return p;
};

async function rowsOf(file: string): Promise<{ format: string; label: string; rows: MappedRow[] }> {
  const opened = await openBounceFile(file, { batchSize: 3 });
  const rows: MappedRow[] = [];
  for await (const b of opened.batches) rows.push(...b.rows);
  return { format: opened.format, label: opened.formatLabel, rows };
}
const one = async (file: string) => readMailMessage({ bytes: mailFixture(file), messageNo: 7, file: null, cut: false });
const bounce = (r: MappedRow) => (r.kind === "bounce" ? r : null)!;

describe("one bounce email", () => {
  it("gives a bounce per failed recipient of a DSN, with the returned message's subject, id and date", async () => {
    const rows = await one("postfix-dsn.eml");
    expect(rows.map((r) => r.kind)).toEqual(["bounce", "bounce"]);
    const [a, b] = rows.map(bounce);
    expect(a.line).toBe(7);
    expect(a.record).toMatchObject({ email: "ana.lopez@correo.example", dsnStatus: "5.1.1", replyCode: 550, remoteMta: "mx.correo.example" });
    // No Last-Attempt-Date for the first: the bounce's own Date.
    expect(a.record.occurredAt?.toISOString()).toBe("2026-11-03T08:14:02.000Z");
    expect(b.record.occurredAt?.toISOString()).toBe("2026-11-03T08:14:01.000Z");
    expect(a.mail).toMatchObject({ messageNo: 7, subject: "Ofertas de noviembre – sólo hoy", messageId: "<nov-offers-2026@shop.example>", rawCut: false });
    expect(a.mail?.sentAt?.toISOString()).toBe("2026-11-03T08:13:57.000Z");
    expect(a.mail?.raw).toContain("Undelivered Mail Returned to Sender");
  });

  it("prefers the status the server wrote to a report's generic x.0.0", () => {
    expect(preciseStatus("5.0.0", "550 5.1.1 RESOLVER.ADR.RecipNotFound")).toBe("5.1.1");
    expect(preciseStatus("5.2.2", "550 5.1.1 something")).toBe("5.2.2");
    expect(preciseStatus("4.0.0", "550 5.1.1 x")).toBe("4.0.0");
    expect(preciseStatus(null, "smtp; 552 5.2.2 full")).toBe("5.2.2");
  });

  it("takes PowerMTA's bounce category as the category", async () => {
    expect(bounce((await one("powermta-dsn.eml"))[0]).record.category).toBe("spam-related");
  });

  it("skips delay reports and auto-replies with their reason, and reads complaints apart", async () => {
    expect(await one("delayed-dsn.eml")).toEqual([{ kind: "skip", line: 7, reason: "delay report" }]);
    expect(await one("auto-reply.eml")).toEqual([{ kind: "skip", line: 7, reason: "auto-reply" }]);
    const [c] = await one("arf-complaint.eml");
    expect(c).toMatchObject({
      kind: "complaint",
      complaint: { email: "grumpy.reader@isp.example", feedbackType: "abuse", reporter: "ISP-FBL/1.0", subject: "Black Friday preview" },
    });
  });

  it("decodes ISO-2022-JP and GB2312 bounces", async () => {
    expect(bounce((await one("japanese-isp.eml"))[0]).record).toMatchObject({ email: "yamada.taro@isp-jp.example", dsnStatus: "5.1.1" });
    expect(bounce((await one("chinese-isp.eml"))[0]).record).toMatchObject({ email: "wang.fang@mail-cn.example", replyCode: 550 });
  });

  it("rejects a message nested too deep, naming the message, and one that is no email", async () => {
    const [deep] = await one("malformed-nesting.eml");
    expect(deep).toMatchObject({ kind: "reject", line: 7 });
    expect(deep.kind === "reject" && deep.reason).toMatch(/^message 7 could not be read as an email \(.*nesting/i);
    const [junk] = await readMailMessage({ bytes: Buffer.from("\u0000\u0001binary junk"), messageNo: 3, file: null, cut: false });
    expect(junk).toMatchObject({ kind: "reject", line: 3 });
  });

  it("reads hostile messages quickly, each as rows or a rejection, never an error", async () => {
    const head = "From: MAILER-DAEMON@h.example\nTo: a@b.example\nSubject: Undelivered Mail\nDate: Tue, 17 Nov 2026 00:00:00 +0000\nMIME-Version: 1.0\n";
    const hostile = [
      head + "Content-Type: text/html\n\n" + "<script>".repeat(100_000) + "<p>550 5.1.1 x@y.example unknown</p>",
      head + "X-Long: " + "a".repeat(3_000_000) + "\n\nbody\n",
      head + 'Content-Type: multipart/mixed; boundary="m"\n\n' + "--m\nContent-Type: text/plain\n\nx\n".repeat(5000) + "--m--\n",
      head + "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n" + "QUJD".repeat(750_000) + "\n",
      head + "Content-Type: text/plain; charset=x-no-such-charset\n\nThe following address(es) failed:\n\n  z@w.example\n    550 5.1.1 unknown\n",
    ];
    for (const [i, text] of hostile.entries()) {
      const started = performance.now();
      const rows = await readMailMessage({ bytes: Buffer.from(text), messageNo: i + 1, file: null, cut: false });
      expect(performance.now() - started).toBeLessThan(3000);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.line === i + 1)).toBe(true);
    }
  });

  it("keeps at most 64 KB of the raw message and says it was cut", async () => {
    const big = Buffer.concat([mailFixture("exim-text.eml"), Buffer.from("y".repeat(200_000) + "\n")]);
    const [r] = await readMailMessage({ bytes: big, messageNo: 1, file: "cur/1.eml", cut: false });
    expect(bounce(r).mail?.raw.length).toBe(MAX_RAW_MAIL);
    expect(bounce(r).mail).toMatchObject({ rawCut: true, file: "cur/1.eml" });
  });
});

describe("mailboxes as uploads", () => {
  const kinds = ["postfix-dsn.eml", "exim-text.eml", "delayed-dsn.eml", "auto-reply.eml", "arf-complaint.eml", "malformed-nesting.eml"];
  const mbox = () => makeMbox(kinds.map(mailFixture));

  it("reads an mbox message by message, numbering the messages", async () => {
    const { format, label, rows } = await rowsOf(write("box", mbox()));
    expect(format).toBe("mail");
    expect(label).toBe("Bounce emails (mbox)");
    expect(rows.map((r) => `${r.line}:${r.kind}`)).toEqual(["1:bounce", "1:bounce", "2:bounce", "3:skip", "4:skip", "5:complaint", "6:reject"]);
  });

  it("reads a gzipped mbox and a gzipped .eml", async () => {
    expect((await rowsOf(write("box.gz", zlib.gzipSync(mbox())))).rows).toHaveLength(7);
    const eml = await rowsOf(write("one.gz", zlib.gzipSync(mailFixture("qmail-text.eml"))));
    expect(eml.label).toBe("Bounce email (.eml), gzipped");
    expect(bounce(eml.rows[0]).record.email).toBe("piet.devries@oldhost.example");
  });

  it("reads a zip of a Maildir's messages, naming each message's file", async () => {
    const zip = write(
      "maildir.zip",
      makeZip([
        { name: "Bounces/cur/1731000000.M1P2.mx,S=900:2,S", data: mailFixture("exim-text.eml") },
        { name: "Bounces/new/1731000001.M3P4.mx", data: mailFixture("qmail-text.eml") },
        { name: "Bounces/dovecot-uidlist", data: "3 V1731000000 N3\n" },
        { name: "more/gmail.eml", data: mailFixture("gmail-text.eml") },
      ]),
    );
    const contents = await unpackArchive(zip);
    expect(contents.member).toBe("3 emails");
    expect(contents.ignored.map((i) => i.name)).toEqual(["Bounces/dovecot-uidlist"]);
    const { label, rows } = await rowsOf(memberPathOf(zip));
    expect(label).toBe("Bounce emails (zip of messages)");
    expect(rows.map((r) => bounce(r).mail?.file)).toEqual(["Bounces/cur/1731000000.M1P2.mx,S=900:2,S", "Bounces/new/1731000001.M3P4.mx", "more/gmail.eml"]);
  });

  it("previews a mailbox's first bounces", async () => {
    const p = await previewBounceFile(write("preview.mbox", mbox()));
    expect(p.detectedFormat).toBe("mail");
    expect(p.rows[0].slice(0, 3)).toEqual(["ana.lopez@correo.example", "2026-11-03T08:14:02.000Z", "5.1.1"]);
  });

  it("fails a mailbox with no message as a whole, and leaves CSV files alone", async () => {
    await expect(openBounceFile(write("empty.mbox", "From MAILER-DAEMON Tue Nov 17 00:00:00 2026\nFrom: a@b.example\nSubject: x\n"))).resolves.toBeTruthy();
    const err = await openBounceFile(write("blank.mbox", "From MAILER-DAEMON Tue Nov 17 00:00:00 2026\n\n\n")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    const csv = await rowsOf(write("b.csv", "email,status\na@b.example,5.1.1\n"));
    expect(csv.format).not.toBe("mail");
  });

  it("refuses an Outlook .msg by name, and reads an mboxcl2 mailbox (Content-Length, From lines unquoted)", async () => {
    const msg = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(600),
      Buffer.from("__substg1.0_1000001F", "utf16le"),
    ]);
    await expect(openBounceFile(write("bounce.msg", msg))).rejects.toMatchObject({
      code: "not-text",
      message: expect.stringMatching(/^This is an Outlook message \(\.msg\)/),
    });
    const cl2 = (m: Buffer) => {
      const text = m.toString("latin1").replace(/\r\n/g, "\n");
      const split = text.indexOf("\n\n");
      const body = `${text.slice(split + 2)}\nFrom our side: this line is not quoted in an mboxcl2.\n\nFrom: nor this one\n`;
      return `From MAILER-DAEMON Tue Nov 17 00:00:00 2026\n${text.slice(0, split)}\nContent-Length: ${Buffer.byteLength(body, "latin1")}\n\n${body}\n`;
    };
    const { rows, label } = await rowsOf(write("solaris.mbox", Buffer.from(cl2(mailFixture("exim-text.eml")) + cl2(mailFixture("qmail-text.eml")), "latin1")));
    expect(label).toBe("Bounce emails (mbox)");
    expect(rows.map((r) => r.kind === "bounce" && r.record.email)).toEqual(["jordi.puig@vell.example", "piet.devries@oldhost.example"]);
  });

  it("survives a 100 MB single message, reading only its beginning", async () => {
    const head = mailFixture("postfix-dsn.eml");
    const file = path.join(tmp, "huge.eml");
    const fd = fs.openSync(file, "w");
    fs.writeSync(fd, head);
    const filler = Buffer.alloc(1024 * 1024, "QUJD\n");
    for (let i = 0; i < 100; i++) fs.writeSync(fd, filler);
    fs.closeSync(fd);
    const { rows } = await rowsOf(file);
    expect(rows.filter((r) => r.kind === "bounce")).toHaveLength(2);
    expect(bounce(rows[0]).mail?.rawCut).toBe(true);
  });
});
