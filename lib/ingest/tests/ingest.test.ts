import { FIXTURES, testDir } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { countBy, importFile } from "../../../test/helpers/import-file";

const fixture = (name: string) => path.join(FIXTURES, name);
const scalar = (sql: string, ...p: unknown[]) =>
  sqlite()
    .prepare(sql)
    .pluck()
    .get(...p) as number;

describe("importing the shared fixtures", () => {
  let first: Awaited<ReturnType<typeof importFile>>;
  beforeAll(async () => {
    first = await importFile(fixture("powermta-acct.csv"));
  });

  it("imports every PowerMTA bounce with the export's own category", () => {
    expect(first.outcome.status).toBe("done");
    expect(first.row).toMatchObject({ status: "done", format: "powermta", rows: 240, accepted: 240, duplicates: 0, rejected: 0 });
    expect(countBy("SELECT category, count(*) FROM Subscriber GROUP BY category")).toEqual({
      "bad-mailbox": 35,
      "quota-issues": 21,
      "spam-related": 21,
      "policy-related": 21,
      "bad-domain": 14,
      "inactive-mailbox": 14,
      "content-related": 14,
      "relaying-issues": 14,
      "message-expired": 14,
      "routing-errors": 12,
      "bad-configuration": 12,
      "protocol-errors": 12,
      "virus-related": 12,
      other: 12,
      "no-answer-from-host": 6,
      "bad-connection": 6,
    });
    expect(scalar("SELECT count(*) FROM Bounce WHERE categorySource = 'export'")).toBe(240);
  });

  it("keeps the original upload", () => {
    expect(fs.readFileSync(first.storedPath)).toEqual(fs.readFileSync(fixture("powermta-acct.csv")));
    expect(first.row.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stores the server's reply without the smtp; prefix, with status and reply code", () => {
    const b = sqlite()
      .prepare("SELECT b.* FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId WHERE s.email = 'laura.garcia0@acme-industrial.com'")
      .get() as Record<string, unknown>;
    expect(b).toMatchObject({ dsnStatus: "5.1.1", replyCode: 550, remoteMta: "mx.acme-industrial.com", category: "bad-mailbox" });
    expect(b.diagnostic).toMatch(/^550-5\.1\.1 The email account that you tried to reach does not exist/);
    expect(b.occurredAt).toBe(Date.parse("2026-09-30T22:15:09Z"));
  });

  it("counts a re-import of the same file as duplicates and adds nothing", async () => {
    const again = await importFile(fixture("powermta-acct.csv"));
    expect(again.row).toMatchObject({ status: "done", rows: 240, accepted: 0, duplicates: 240, rejected: 0 });
    expect(scalar("SELECT count(*) FROM Bounce")).toBe(240);
    expect(scalar("SELECT count(*) FROM Subscriber")).toBe(240);
  });

  it("makes the same address in two exports one subscriber with two bounces", async () => {
    const sendgrid = await importFile(fixture("sendgrid-bounces.csv"));
    expect(sendgrid.row).toMatchObject({ status: "done", format: "sendgrid", rows: 240, accepted: 240, rejected: 0 });
    expect(scalar("SELECT count(*) FROM Subscriber")).toBe(240);
    expect(scalar("SELECT count(*) FROM Bounce")).toBe(480);
    expect(scalar("SELECT count(*) FROM Subscriber WHERE bounceCount = 2")).toBe(240);
  });

  it("classifies exports that carry no category with the rules", async () => {
    const mailgun = await importFile(fixture("mailgun-bounces.csv"));
    expect(mailgun.row).toMatchObject({ status: "done", format: "mailgun", accepted: 240 });
    const agreement = scalar(
      `SELECT count(*) FROM Bounce m JOIN Bounce p ON p.subscriberId = m.subscriberId AND p.categorySource = 'export'
      WHERE m.importId = ? AND m.category = p.category`,
      mailgun.id,
    );
    // All but the 6 "421 4.4.2 Connection dropped due to timeout": PowerMTA says bad-connection,
    // Rebound no-answer-from-host (connected, then dropped; docs/classification.md).
    expect(agreement).toBe(234);
    expect(
      scalar(
        "SELECT count(*) FROM Bounce WHERE importId = ? AND category = 'no-answer-from-host' AND diagnostic LIKE '%Connection dropped due to timeout%'",
        mailgun.id,
      ),
    ).toBe(6);
    expect(scalar("SELECT count(*) FROM Bounce WHERE importId = ? AND categorySource = 'rule'", mailgun.id)).toBe(240);
  });

  it("keeps names and phones from a generic export", async () => {
    const generic = await importFile(fixture("generic-with-contacts.csv"));
    expect(generic.row).toMatchObject({ status: "done", format: "generic", rows: 240, rejected: 0 });
    const s = sqlite().prepare("SELECT name, phone FROM Subscriber WHERE email = 'laura.garcia0@acme-industrial.com'").get();
    expect(s).toEqual({ name: "Laura García", phone: "+34 670480272" });
  });

  it("reads a Spanish spreadsheet re-save without a mapping step", async () => {
    const es = await importFile(fixture("excel-semicolon-es.csv"));
    expect(es.row).toMatchObject({ status: "done", rows: 60, rejected: 0 });
    expect(es.row.accepted + es.row.duplicates).toBe(60);
  });
});

describe("bad input", () => {
  const bounces = () => scalar("SELECT count(*) FROM Bounce");

  it.each([
    ["bad-empty.csv", "empty-file", /empty/i],
    ["bad-binary.csv", "not-text", /not a CSV|zip|Excel/i],
    ["bad-header-only.csv", "no-rows", /no (data )?rows|header/i],
  ])("%s fails with a clear error and leaves nothing behind", async (name, code, message) => {
    const before = bounces();
    const result = await importFile(fixture(name));
    expect(result.row.status).toBe("failed");
    expect(result.row.errorCode).toBe(code);
    expect(result.row.error).toMatch(message);
    expect(result.row).toMatchObject({ accepted: 0, rows: 0 });
    expect(bounces()).toBe(before);
    expect(scalar("SELECT count(*) FROM RejectedRow WHERE importId = ?", result.id)).toBe(0);
    expect(fs.existsSync(result.storedPath)).toBe(true);
  });

  it("imports the good rows of a mixed file and reports each bad one with its line", async () => {
    const result = await importFile(fixture("bad-mixed-rows.csv"));
    expect(result.row).toMatchObject({ status: "done", accepted: 2, rejected: 3 });
    const rejected = sqlite().prepare("SELECT line, reason FROM RejectedRow WHERE importId = ? ORDER BY line").all(result.id) as {
      line: number;
      reason: string;
    }[];
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(rejected[0].reason).toMatch(/invalid email/i);
    expect(rejected[1].reason).toMatch(/no email/i);
    expect(rejected[2].reason).toMatch(/unterminated/i);
    const emails = sqlite()
      .prepare("SELECT s.email FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId WHERE b.importId = ? ORDER BY s.email")
      .pluck()
      .all(result.id);
    expect(emails).toEqual(["ok.one@example.com", "ok.three@example.com"]);
  });

  it("keeps hostile text verbatim (it is escaped when shown, never altered when stored)", async () => {
    const result = await importFile(fixture("xss-diagnostic.csv"));
    expect(result.row).toMatchObject({ status: "done", accepted: 3 });
    const diag = sqlite()
      .prepare("SELECT b.diagnostic FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId WHERE s.email = 'victim@example.com'")
      .pluck()
      .get();
    expect(diag).toBe("550 5.7.1 <img src=x onerror=alert(1)><script>alert('x')</script> blocked");
  });
});

describe("a file of a few thousand new addresses", () => {
  it("goes in bulk mode by default (indexes dropped while it writes, back at the end)", async () => {
    const lines = ["email,date,status,diagnostic"];
    for (let i = 0; i < 6000; i++) lines.push(`few${i}@few${i % 20}.example,2026-11-03,5.1.1,550 5.1.1 User unknown`);
    const file = path.join(testDir, "few-thousand.csv");
    fs.writeFileSync(file, lines.join("\n"));
    const emailIndex = () => scalar("SELECT count(*) FROM sqlite_master WHERE name = 'Subscriber_email_key'");
    let indexDuring = -1;
    const done = await importFile(file, { onProgress: () => void (indexDuring = emailIndex()) });
    expect(done.row).toMatchObject({ status: "done", accepted: 6000 });
    expect(indexDuring).toBe(0);
    expect(emailIndex()).toBe(1);
  });
});

describe("an interrupted import", () => {
  it("is rolled back whole when it fails half-way, and a retry counts every row exactly once", async () => {
    // 300 new subscribers, plus a newer bounce for one who already exists.
    const lines = ["email,date,status,diagnostic", "laura.garcia0@acme-industrial.com,2026-11-20,5.2.2,552 5.2.2 Mailbox full"];
    for (let i = 0; i < 300; i++) lines.push(`crash${i}@example.org,2026-11-01,5.1.1,550 5.1.1 User unknown`);
    const file = path.join(testDir, "crash.csv");
    fs.writeFileSync(file, lines.join("\n"));
    const laura = () => sqlite().prepare("SELECT category, bounceCount, lastBouncedAt FROM Subscriber WHERE email = 'laura.garcia0@acme-industrial.com'").get();
    const lauraBefore = laura();
    const bouncesBefore = scalar("SELECT count(*) FROM Bounce");
    const subscribersBefore = scalar("SELECT count(*) FROM Subscriber");

    let batches = 0;
    const failed = await importFile(file, {
      batchSize: 50,
      onProgress: () => {
        if (++batches === 2) throw new Error("worker killed");
      },
    });
    expect(batches).toBe(2);
    expect(failed.row.status).toBe("failed");
    expect(failed.row.error).toMatch(/worker killed/);
    expect(failed.row).toMatchObject({ rows: 0, accepted: 0, duplicates: 0 });
    expect(scalar("SELECT count(*) FROM Bounce")).toBe(bouncesBefore);
    expect(scalar("SELECT count(*) FROM Subscriber")).toBe(subscribersBefore);
    expect(laura()).toEqual(lauraBefore);

    const { runImport } = await import("@/lib/ingest/pipeline/run-import");
    const retry = await runImport(sqlite(), failed.id, { batchSize: 50 });
    expect(retry.status).toBe("done");
    const row = sqlite().prepare("SELECT rows, accepted, duplicates, rejected FROM Import WHERE id = ?").get(failed.id);
    expect(row).toEqual({ rows: 301, accepted: 301, duplicates: 0, rejected: 0 });
    expect(scalar("SELECT count(*) FROM Bounce")).toBe(bouncesBefore + 301);
    expect(scalar("SELECT count(*) FROM Subscriber")).toBe(subscribersBefore + 300);
    expect(laura()).toMatchObject({ category: "quota-issues", bounceCount: (lauraBefore as { bounceCount: number }).bounceCount + 1 });
  });
});
