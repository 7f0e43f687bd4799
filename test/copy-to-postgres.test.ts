import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { FIXTURES, testDbFile } from "./helpers/test-db";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { prisma } from "../lib/db/prisma";
import { openPostgres } from "../lib/db/postgres/connect";
import { copySqliteToPostgres } from "../lib/db/postgres/copy-from-sqlite";
import { importFile } from "./helpers/import-file";
import { createTestDatabase, describePostgres } from "./helpers/postgres";

const MAIL = path.resolve(__dirname, "fixtures/mail");

type Cell = string | null;

interface Tables {
  columns: Record<string, string[]>;
  rows: Record<string, Cell[][]>;
}

/** Every row of every table, each cell as text: instants as unix ms, booleans as 0/1. */
async function pgRows(url: string): Promise<Tables> {
  const client = await openPostgres(url);
  try {
    const { rows: columns } = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
      `SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_rebound_migrations' ORDER BY table_name, ordinal_position`,
    );
    const out: Tables = { columns: {}, rows: {} };
    for (const table of new Set(columns.map((c) => c.table_name))) {
      out.columns[table] = columns.filter((c) => c.table_name === table).map((c) => c.column_name);
      const cells = columns
        .filter((c) => c.table_name === table)
        .map((c) =>
          c.udt_name === "timestamptz"
            ? `(extract(epoch FROM "${c.column_name}") * 1000)::bigint::text`
            : c.udt_name === "bool"
              ? `"${c.column_name}"::int::text`
              : `"${c.column_name}"::text`,
        );
      const { rows } = await client.query({ text: `SELECT ${cells.join(", ")} FROM "${table}"`, rowMode: "array" });
      out.rows[table] = rows;
    }
    return out;
  } finally {
    await client.end();
  }
}

/** The same columns of the same tables in SQLite, each cell as text (instants are unix ms there). */
function sqliteRows(columns: Tables["columns"]): Tables["rows"] {
  const db = new Database(testDbFile, { readonly: true });
  try {
    const out: Tables["rows"] = {};
    for (const [table, names] of Object.entries(columns)) {
      const rows = db
        .prepare(`SELECT ${names.map((c) => `"${c}"`).join(", ")} FROM "${table}"`)
        .raw(true)
        .safeIntegers(true)
        .all() as unknown[][];
      out[table] = rows.map((r) => r.map((v) => (v === null ? null : String(v))));
    }
    return out;
  } finally {
    db.close();
  }
}

describePostgres("npm run admin -- copy-to-postgres", () => {
  let target: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    target = await createTestDatabase();
    for (const file of ["powermta-acct.csv", "sendgrid-bounces.csv", "bad-mixed-rows.csv", "mailgun-bounces.csv"]) await importFile(path.join(FIXTURES, file));
    for (const file of ["postfix-dsn.eml", "arf-complaint.eml"]) await importFile(path.join(MAIL, file));
    const db = prisma();
    const user = await db.user.create({ data: { id: "u1", name: "Ana", email: "ana@example.com", banned: false } });
    await db.taskState.create({
      data: { scope: "domain", target: "example.com", category: "bad-mailbox", step: "s", done: true, doneAt: new Date(), doneBy: user.id },
    });
    await db.setting.create({ data: { key: "k", value: "tab\there, back\\slash, new\nline" } });
    const subscriber = await db.subscriber.findFirstOrThrow();
    await db.subscriber.update({ where: { id: subscriber.id }, data: { status: "recovered", statusManual: true } });
    // An id handed out and deleted: PostgreSQL must not hand it out again either.
    const event = await db.event.create({ data: { actor: "u1", action: "x", subjectType: "t", subjectId: "1" } });
    await db.event.delete({ where: { id: event.id } });
  }, 120_000);
  afterAll(async () => {
    await target?.drop();
  });

  it("copies every table row by row, keeps ids, continues the sequences, and refuses to copy again", async () => {
    const summary = await copySqliteToPostgres(testDbFile, target.url);
    expect(summary.tables.find((t) => t.name === "Bounce")?.rows).toBeGreaterThan(10);
    const copied = await pgRows(target.url);
    const original = sqliteRows(copied.columns);
    const sorted = (rows: Cell[][]) => rows.map((r) => JSON.stringify(r)).sort();
    for (const table of Object.keys(copied.rows)) {
      expect({ table, rows: sorted(copied.rows[table]) }).toEqual({ table, rows: sorted(original[table]) });
    }
    for (const table of ["Subscriber", "Bounce", "RejectedRow", "BounceEmail", "Complaint", "BounceTally", "DomainTally", "TaskState", "User"]) {
      expect(copied.rows[table].length, table).toBeGreaterThan(0);
    }

    const db = new Database(testDbFile, { readonly: true });
    const handedOut = Number(db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'Event'`).pluck().get());
    db.close();
    const client = await openPostgres(target.url);
    try {
      const next = await client.query(`INSERT INTO "Event" ("actor", "action", "subjectType", "subjectId") VALUES ('u1', 'y', 't', '2') RETURNING id`);
      expect(next.rows[0].id).toBe(handedOut + 1);
    } finally {
      await client.end();
    }
    await expect(copySqliteToPostgres(testDbFile, target.url)).rejects.toThrow(/already holds rows \(in .*Bounce.*\): copy into an empty database only/);
  }, 120_000);

  it("refuses a database that holds other tables", async () => {
    const other = await createTestDatabase();
    const client = await openPostgres(other.url);
    await client.query(`CREATE TABLE "orders" (id int)`);
    await client.end();
    try {
      await expect(copySqliteToPostgres(testDbFile, other.url)).rejects.toThrow(/is not empty: it holds public\.orders\. Copy into a new database/);
    } finally {
      await other.drop();
    }
  });

  it("keeps nothing when a value does not fit, and names its table, row and column", async () => {
    const other = await createTestDatabase();
    const db = new Database(testDbFile);
    db.prepare(`INSERT INTO "Setting" ("key", "value") VALUES ('bad', ?)`).run("a\0b");
    try {
      await expect(copySqliteToPostgres(testDbFile, other.url)).rejects.toThrow(
        "SQLite Setting row key=bad, column value: the text holds a NUL character, which PostgreSQL text cannot store.",
      );
      const client = await openPostgres(other.url);
      const { rows } = await client.query(`SELECT (SELECT count(*) FROM "Bounce") + (SELECT count(*) FROM "Import") AS n`);
      await client.end();
      expect(rows[0].n).toBe("0");
    } finally {
      db.prepare(`DELETE FROM "Setting" WHERE "key" = 'bad'`).run();
      db.close();
      await other.drop();
    }
  });

  it("runs from the admin command: progress on stderr, a summary on stdout", async () => {
    const other = await createTestDatabase();
    try {
      const { stdout, stderr } = await promisify(execFile)(
        "npx",
        ["tsx", "scripts/admin.mts", "copy-to-postgres", "--from", `file:${testDbFile}`, "--to", other.url],
        { cwd: path.resolve(__dirname, ".."), timeout: 90_000 },
      );
      expect(stderr).toMatch(/^ {2}Bounce: \d+ rows$/m);
      expect(stdout).toMatch(/^Copied [\d,]+ rows in \d+ tables in [\d.]+ s$/m);
      expect(stdout).toContain("row counts and counter tables verified");
    } finally {
      await other.drop();
    }
  }, 90_000);
});
