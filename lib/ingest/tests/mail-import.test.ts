import { testDir } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { rollbackImport } from "@/lib/ingest/pipeline/rollback";
import { getSubscriber } from "@/lib/queries/subscribers";
import { importFile } from "../../../test/helpers/import-file";
import { mailFixture, makeMbox } from "../../../test/helpers/make-mbox";

const rows = (sql: string, ...p: unknown[]) =>
  sqlite()
    .prepare(sql)
    .all(...p) as Record<string, unknown>[];
const KINDS = ["postfix-dsn.eml", "exim-text.eml", "delayed-dsn.eml", "auto-reply.eml", "arf-complaint.eml", "malformed-nesting.eml", "script-in-reply.eml"];

describe("importing an mbox of bounce emails", () => {
  const file = path.join(testDir, "Bounces.mbox");
  fs.writeFileSync(file, makeMbox(KINDS.map(mailFixture)));
  let importId = "";

  it("counts bounces, skips, complaints and the unreadable message apart", async () => {
    const result = await importFile(file);
    importId = result.id;
    expect(result.row).toMatchObject({ status: "done", format: "mail", accepted: 4, skipped: 2, complaints: 1, rejected: 1 });
    expect(JSON.parse(result.row.skipReasons ?? "{}")).toEqual({ "delay report": 1, "auto-reply": 1 });
    const [bad] = rows("SELECT line, reason FROM RejectedRow WHERE importId = ?", importId);
    expect(bad).toMatchObject({ line: 6 });
    expect(String(bad.reason)).toMatch(/^message 6 could not be read as an email/);
  });

  it("classifies each bounce from its status and the server's words", () => {
    const got = Object.fromEntries(
      rows("SELECT s.email, b.category, b.line, b.dsnStatus FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId WHERE b.importId = ?", importId).map(
        (r) => [r.email, [r.category, r.line, r.dsnStatus]],
      ),
    );
    expect(got).toEqual({
      "ana.lopez@correo.example": ["bad-mailbox", 1, "5.1.1"],
      "b.meyer@postfach.example": ["quota-issues", 1, "5.2.2"],
      "jordi.puig@vell.example": ["bad-mailbox", 2, "5.1.1"],
      "victor.hugo@hostile.example": ["bad-mailbox", 7, "5.1.1"],
    });
  });

  it("stores the complaint as a complaint, never as a bounce", () => {
    const complaints = rows("SELECT email, feedbackType, reporter, subject, messageId, sourceFile, messageNo FROM Complaint WHERE importId = ?", importId);
    expect(complaints).toEqual([
      {
        email: "grumpy.reader@isp.example",
        feedbackType: "abuse",
        reporter: "ISP-FBL/1.0",
        subject: "Black Friday preview",
        messageId: "<bf-preview@shop.example>",
        sourceFile: null,
        messageNo: 5,
      },
    ]);
    expect(rows("SELECT 1 FROM Subscriber WHERE email = 'grumpy.reader@isp.example'")).toEqual([]);
  });

  it("keeps each bounce email once, with the bounced message's subject, for the subscriber page", async () => {
    const emails = rows("SELECT messageNo, subject, messageId, rawCut, length(raw) AS size FROM BounceEmail WHERE importId = ? ORDER BY messageNo", importId);
    expect(emails.map((e) => e.messageNo)).toEqual([1, 2, 7]);
    expect(emails[0]).toMatchObject({ subject: "Ofertas de noviembre – sólo hoy", messageId: "<nov-offers-2026@shop.example>", rawCut: 0 });
    const id = rows("SELECT id FROM Subscriber WHERE email = 'victor.hugo@hostile.example'")[0].id as number;
    const s = await getSubscriber(id);
    expect(s?.bounces[0].email).toMatchObject({ messageNo: 7, file: null });
    expect(s?.bounces[0].email?.raw).toContain("<script>alert('bounce')</script>");
  });

  it("a re-upload adds nothing, and a rollback takes the emails and complaints back", async () => {
    const again = await importFile(file);
    expect(again.row).toMatchObject({ accepted: 0, duplicates: 4, complaints: 1 });
    expect(rows("SELECT count(*) AS n FROM Complaint")[0].n).toBe(1);
    await rollbackImport(sqlite(), again.id);
    expect(rows("SELECT count(*) AS n FROM BounceEmail WHERE importId = ?", again.id)[0].n).toBe(0);
    expect(rows("SELECT count(*) AS n FROM BounceEmail WHERE importId = ?", importId)[0].n).toBe(3);
  });

  it("reads bounce emails in the preparing thread as well: emails and complaints cross with their batch", async () => {
    const own = (n: string) =>
      mailFixture(n)
        .toString("latin1")
        .replace(/@(correo|postfach|isp)\.example/g, "@$1-worker.example");
    const file = path.join(testDir, "worker.mbox");
    fs.writeFileSync(file, makeMbox(["postfix-dsn.eml", "arf-complaint.eml", "auto-reply.eml"].map(own)));
    const result = await importFile(file, { worker: true, batchSize: 2 });
    expect(result.row).toMatchObject({ status: "done", accepted: 2, complaints: 1, skipped: 1 });
    expect(rows("SELECT messageNo, subject FROM BounceEmail WHERE importId = ?", result.id)).toEqual([
      { messageNo: 1, subject: "Ofertas de noviembre – sólo hoy" },
    ]);
    expect(rows("SELECT email FROM Complaint WHERE importId = ?", result.id)).toEqual([{ email: "grumpy.reader@isp-worker.example" }]);
  });

  it("imports a gzipped mbox as well", async () => {
    const gz = path.join(testDir, "more.mbox.gz");
    const own = mailFixture("qmail-text.eml").toString("latin1").replace("piet.devries@oldhost.example", "piet2@oldhost.example");
    fs.writeFileSync(gz, zlib.gzipSync(makeMbox([own])));
    const result = await importFile(gz);
    expect(result.row).toMatchObject({ status: "done", format: "mail", accepted: 1 });
  });
});
