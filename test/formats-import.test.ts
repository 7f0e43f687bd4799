import { testDir } from "./helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { rememberMapping } from "@/lib/ingest/layout-memory";
import { runImport } from "@/lib/ingest/run-import";
import { importFile } from "./helpers/import-file";

const FORMATS_DIR = path.resolve(__dirname, "fixtures/formats");
const rows = (sql: string, ...p: unknown[]) => sqlite().prepare(sql).all(...p) as Record<string, unknown>[];

describe("each export layout imports end to end", () => {
  it.each([
    ["mailchimp-cleaned.csv", "mailchimp"],
    ["ses-bounces.jsonl", "ses"],
    ["ses-bounces.csv", "ses"],
    ["postmark-bounces.csv", "postmark"],
    ["sparkpost-bounces.csv", "sparkpost"],
    ["brevo-bounces.csv", "brevo"],
    ["utf16-tab.txt", "generic"],
    ["windows-1252.csv", "generic"],
    ["pmta-custom-order.csv", "powermta"],
    ["sendgrid-datetime.csv", "sendgrid"],
  ])("%s is read as %s", async (file, format) => {
    const result = await importFile(path.join(FORMATS_DIR, file));
    expect(result.row.status).toBe("done");
    expect(result.row.format).toBe(format);
    expect(result.row.accepted + result.row.duplicates).toBeGreaterThanOrEqual(10);
    expect(result.row.rejected).toBe(0);
    const bad = rows("SELECT b.line, b.occurredAt FROM Bounce b WHERE b.importId = ? AND (b.occurredAt IS NULL OR b.occurredAt < ?)", result.id, Date.UTC(2020, 0, 1));
    expect(bad).toEqual([]);
  });

  it("stores no reply for Mailchimp rows, claims no category from the export, and keeps names and phones", () => {
    const r = rows(`SELECT s.name, s.phone, b.category, b.categorySource, b.diagnostic FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId
      JOIN Import i ON i.id = b.importId WHERE i.format = 'mailchimp' AND s.email = 'carmen.ruiz@acme-industrial.com'`);
    expect(r[0]).toMatchObject({ name: "Carmen Ruiz", phone: "+34 611 204 118", category: "other", categorySource: "rule", diagnostic: null });
  });

  it("counts PowerMTA delivery records as skipped, not rejected", () => {
    const imp = rows("SELECT skipped, rejected FROM Import WHERE format = 'powermta'")[0];
    expect(imp.skipped).toBeGreaterThan(0);
    expect(imp.rejected).toBe(0);
  });

  it("decodes UTF-16 and Windows-1252 text", () => {
    const names = rows("SELECT name FROM Subscriber WHERE name LIKE '%é%' OR name LIKE '%í%' OR name LIKE '%ñ%'");
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => !String(n.name).includes("\uFFFD"))).toBe(true);
  });
});

describe("unknown layouts", () => {
  const header = "Destinatario externo;Cuándo;Qué pasó";
  const write = (name: string, body: string[]) => {
    const file = path.join(testDir, name);
    fs.writeFileSync(file, [header, ...body].join("\n"));
    return file;
  };

  it("wait for a column mapping, then import with it, and the next file with that header needs no questions", async () => {
    const first = await importFile(write("crm-1.csv", ["ana@unknown-layout.example;2026-10-05;550 5.1.1 user unknown"]));
    expect(first.outcome.status).toBe("needs_mapping");
    expect(first.row).toMatchObject({ status: "needs_mapping", errorCode: "unknown-layout", accepted: 0 });

    const mapping = { email: "Destinatario externo", date: "Cuándo", diagnostic: "Qué pasó" };
    rememberMapping(sqlite(), header.split(";"), mapping);
    const again = await runImport(sqlite(), first.id, { mapping });
    expect(again.status).toBe("done");
    expect(rows("SELECT category FROM Bounce WHERE importId = ?", first.id)).toEqual([{ category: "bad-mailbox" }]);

    const second = await importFile(write("crm-2.csv", ["bea@unknown-layout.example;2026-10-06;552 5.2.2 mailbox full"]));
    expect(second.row).toMatchObject({ status: "done", accepted: 1 });
    expect(rows("SELECT category FROM Bounce WHERE importId = ?", second.id)).toEqual([{ category: "quota-issues" }]);
  });
});
