import { testDir } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { memberPathOf } from "@/lib/formats/archive";
import { rememberMapping } from "@/lib/ingest/pipeline/layout-memory";
import { runImport } from "@/lib/ingest/pipeline/run-import";
import { getImport, previewImport } from "@/lib/queries/imports";
import { getSubscriber } from "@/lib/queries/subscribers";
import { importFile } from "../../../test/helpers/import-file";
import { makeZip, type ZipMember } from "../../../test/helpers/make-zip";

const FORMATS_DIR = path.resolve(__dirname, "../../../test/fixtures/formats");
const rows = (sql: string, ...p: unknown[]) =>
  sqlite()
    .prepare(sql)
    .all(...p) as Record<string, unknown>[];

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
    const bad = rows(
      "SELECT b.line, b.occurredAt FROM Bounce b WHERE b.importId = ? AND (b.occurredAt IS NULL OR b.occurredAt < ?)",
      result.id,
      Date.UTC(2020, 0, 1),
    );
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

describe("each platform's export as the platform writes it", () => {
  // [file, format, bounces, rows skipped as not bounces]
  it.each([
    ["mailchimp-cleaned-renamed.csv", "mailchimp", 3, 0],
    ["sendgrid-activity.csv", "sendgrid", 3, 5],
    ["sendgrid-webhook.json", "sendgrid", 2, 3],
    ["sparkpost-suppressions.csv", "sparkpost-suppressions", 3, 4],
    ["sparkpost-events.json", "sparkpost", 2, 4],
    ["sparkpost-webhook.json", "sparkpost", 1, 2],
    ["postmark-bounces.json", "postmark", 3, 2],
    ["postmark-webhook.json", "postmark", 1, 0],
    ["postmark-suppressions.json", "postmark", 2, 2],
    ["mailgun-events.json", "mailgun", 2, 3],
    ["mailgun-webhook.json", "mailgun", 1, 0],
    ["brevo-events.json", "brevo", 2, 3],
    ["brevo-webhook.json", "brevo", 1, 0],
    ["ses-notifications.json", "ses", 2, 2],
    ["ses-suppression-list.json", "ses", 2, 1],
  ])("%s: read as %s, %i bounces, %i rows skipped", async (file, format, bounceRows, skipped) => {
    const result = await importFile(path.join(FORMATS_DIR, file));
    expect(result.row).toMatchObject({ status: "done", format, rejected: 0, skipped, undated: 0 });
    expect(result.row.accepted + result.row.duplicates).toBe(bounceRows);
    const reasons = JSON.parse(result.row.skipReasons ?? "{}") as Record<string, number>;
    expect(Object.values(reasons).reduce((a, b) => a + b, 0)).toBe(skipped);
  });

  it("files no complaint, unsubscribe, manual suppression, deferral or message the platform never sent as a bounce", () => {
    const notBounces = [
      "angry.reader@example.com",
      "former.client@example.org",
      "old.bounced@example.org",
      "ok.delivered@example.com",
      "blocked.contact@example.com",
      "gone.away@example.net",
      "sara.lopez@example.com",
    ];
    expect(rows(`SELECT email FROM Subscriber WHERE email IN (${notBounces.map(() => "?").join(",")})`, ...notBounces)).toEqual([]);
    const deferred = rows(`SELECT i.fileName FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId JOIN Import i ON i.id = b.importId
      WHERE s.email = 'pablo.gil@exampel.com' AND i.fileName IN ('sendgrid-activity.csv', 'sendgrid-webhook.json', 'mailgun-events.json', 'sparkpost-events.json')`);
    expect(deferred).toEqual([]);
  });

  it("counts what was skipped per reason", () => {
    const imp = rows("SELECT skipReasons FROM Import WHERE fileName = 'sparkpost-suppressions.csv'")[0];
    expect(JSON.parse(String(imp.skipReasons))).toEqual({
      "suppression list: spam complaint, not a bounce": 1,
      "suppression list: unsubscribe, not a bounce": 2,
      "suppression list: added by hand, not a bounce": 1,
    });
  });

  it("reads each platform's dates: SendGrid's processed column, Mailgun's fractional seconds, Brevo's epoch, SES's suppression time", () => {
    const date = (file: string, email: string) =>
      rows(
        `SELECT b.occurredAt FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId JOIN Import i ON i.id = b.importId WHERE i.fileName = ? AND s.email = ?`,
        file,
        email,
      ).map((r) => new Date(Number(r.occurredAt)).toISOString());
    expect(date("sendgrid-activity.csv", "carmen.ruiz@acme-industrial.com")).toEqual(["2026-10-01T09:00:05.000Z"]);
    expect(date("mailgun-events.json", "carmen.ruiz@acme-industrial.com")).toEqual([new Date(1790841617123).toISOString()]);
    expect(date("brevo-webhook.json", "javier.moreno@hotmail.es")).toEqual(["2026-10-02T08:04:05.123Z"]);
    expect(date("ses-suppression-list.json", "carmen.ruiz@acme-industrial.com")).toEqual([new Date(1790841641000).toISOString()]);
    expect(date("postmark-bounces.json", "lucia.martin@gmial.com")).toEqual(["2026-10-03T14:04:17.123Z"]);
  });

  it("takes names from the To header when the subscriber has none, and renamed merge fields from Mailchimp", () => {
    const who = (email: string) => rows("SELECT name, phone, company FROM Subscriber WHERE email = ?", email)[0];
    expect(who("irene.campos@acme-industrial.com")).toMatchObject({ name: "Irene Campos" });
    expect(who("hector.vega@gmial.com")).toMatchObject({ name: "Vega, Héctor" });
    expect(who("rosa.blanco@gmail.com")).toMatchObject({ name: "Rosa Blanco Núñez" });
    // Mailchimp labels "Nombre, Apellidos, Teléfono, Empresa": the same synonyms as every layout.
    expect(who("alvaro.prieto@hotmail.es")).toEqual({ name: "Álvaro Prieto", phone: "+34 622 310 947", company: "Prieto e Hijos" });
  });

  it("stores nothing as the server's words when the platform gave none, and claims no export category", () => {
    // Postmark's Transient row without Details (the same bounce as in postmark-bounces.csv: stored once).
    const r = rows(
      `SELECT b.diagnostic, b.categorySource FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId
      WHERE s.email = 'raul.molina@correo-cerrado.es' AND b.occurredAt = ?`,
      Date.parse("2026-10-10T21:18:17.123Z"),
    );
    expect(r).toEqual([{ diagnostic: null, categorySource: "rule" }]);
    expect(rows("SELECT count(*) AS n FROM Bounce WHERE diagnostic LIKE 'SES %/%' OR diagnostic LIKE '%gave no reason%'")[0].n).toBe(0);
  });
});

describe("files that are not bounce exports", () => {
  it.each([
    ["mailchimp-subscribed.csv", /Mailchimp's subscribed contacts, not bounces.*cleaned contacts file/, "ines.vidal@acme-industrial.com"],
    ["mailchimp-unsubscribed.csv", /Mailchimp's unsubscribed contacts, not bounces.*cleaned contacts file/, "jorge.pena@empresa-ficticia.es"],
  ])("%s is refused, saying what it is and what to upload instead", async (file, message, someone) => {
    const result = await importFile(path.join(FORMATS_DIR, file));
    expect(result.row).toMatchObject({ status: "failed", errorCode: "not-bounces", accepted: 0 });
    expect(result.row.error).toMatch(message);
    expect(rows("SELECT id FROM Subscriber WHERE email = ?", someone)).toEqual([]);
  });

  it("a list of addresses with no status, reply, reason or bounce date waits for the column mapping", async () => {
    const result = await importFile(path.join(FORMATS_DIR, "generic-contacts.csv"));
    expect(result.row).toMatchObject({ status: "needs_mapping", errorCode: "unknown-layout", accepted: 0 });
    expect(result.row.error).toMatch(/looks like a contact list/);
  });
});

describe("rows without a date", () => {
  it("are counted, and their bounce date is unknown on the subscriber page", async () => {
    const result = await importFile(path.join(FORMATS_DIR, "generic-no-date.csv"));
    expect(result.row).toMatchObject({ status: "done", accepted: 2, undated: 2, dateColumn: null });
    const summary = await getImport(result.id);
    expect(summary).toMatchObject({ undated: 2, dateColumn: null });

    const id = Number(rows("SELECT id FROM Subscriber WHERE email = 'lucia.martin@gmial.com'")[0].id);
    const page = await getSubscriber(id);
    const undated = page!.bounces.filter((b) => b.importId === result.id);
    expect(undated).toHaveLength(1);
    expect(undated[0]).toMatchObject({ dateUnknown: true, occurredAt: result.row.createdAt.toISOString() });
    expect(page!.bounces.filter((b) => b.importId !== result.id).every((b) => !b.dateUnknown)).toBe(true);
  });
});

describe("zip uploads", () => {
  const zip = (name: string, members: ZipMember[]) => {
    const file = path.join(testDir, name);
    fs.writeFileSync(file, makeZip(members));
    return file;
  };
  const member = (name: string, fixture: string): ZipMember => ({ name, data: fs.readFileSync(path.join(FORMATS_DIR, fixture)) });

  it("Mailchimp's audience zip imports the cleaned file and says it left out the other two", async () => {
    const file = zip("members_export_a1b2c3d4e5.zip", [
      member("subscribed_members_export_a1b2c3d4e5.csv", "mailchimp-subscribed.csv"),
      member("unsubscribed_members_export_a1b2c3d4e5.csv", "mailchimp-unsubscribed.csv"),
      member("cleaned_members_export_a1b2c3d4e5.csv", "mailchimp-cleaned.csv"),
    ]);
    const result = await importFile(file);
    expect(result.row).toMatchObject({ status: "done", format: "mailchimp", rejected: 0 });
    expect(result.row.accepted + result.row.duplicates).toBe(12);
    const summary = await getImport(result.id);
    expect(summary!.archive).toMatchObject({
      member: "cleaned_members_export_a1b2c3d4e5.csv",
      ignored: [
        { name: "subscribed_members_export_a1b2c3d4e5.csv", reason: "Mailchimp's subscribed contacts" },
        { name: "unsubscribed_members_export_a1b2c3d4e5.csv", reason: "Mailchimp's unsubscribed contacts" },
      ],
    });
    expect(summary!.progress).toBe(1);
    expect(rows("SELECT id FROM Subscriber WHERE email IN ('ines.vidal@acme-industrial.com', 'jorge.pena@empresa-ficticia.es')")).toEqual([]);
    expect(fs.existsSync(memberPathOf(result.storedPath))).toBe(false);
  });

  it("a zip with nothing importable fails with a clear message and stores nothing", async () => {
    const result = await importFile(zip("audience.zip", [member("subscribed_members_export_a1b2c3d4e5.csv", "mailchimp-subscribed.csv")]));
    expect(result.row).toMatchObject({ status: "failed", errorCode: "nothing-to-import", accepted: 0 });
    expect(result.row.error).toMatch(/no bounce export: subscribed_members_export_a1b2c3d4e5\.csv \(Mailchimp's subscribed contacts\)/);
  });

  it("a zipped file of unknown columns goes to the mapping step, previewed from the file inside", async () => {
    const result = await importFile(
      zip("crm.zip", [{ name: "crm.csv", data: "Destinatario;Cuándo;Qué pasó\nzoe@zip-mapping.example;2026-10-05;550 5.1.1 user unknown\n" }]),
    );
    expect(result.row.status).toBe("needs_mapping");
    expect((await previewImport(result.id))?.header).toEqual(["Destinatario", "Cuándo", "Qué pasó"]);
    const again = await runImport(sqlite(), result.id, { mapping: { email: "Destinatario", date: "Cuándo", diagnostic: "Qué pasó" } });
    expect(again.status).toBe("done");
    expect(rows("SELECT category FROM Bounce WHERE importId = ?", result.id)).toEqual([{ category: "bad-mailbox" }]);
    expect(fs.existsSync(memberPathOf(result.storedPath))).toBe(false);
  });
});
