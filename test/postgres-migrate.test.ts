import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, expect, it } from "vitest";
import { openPostgres } from "../lib/db/postgres/connect";
import { MIGRATIONS_TABLE, migratePostgres, POSTGRES_MIGRATIONS } from "../lib/db/postgres/migrate";
import { createTestDatabase, describePostgres } from "./helpers/postgres";

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

async function freshDatabase(): Promise<string> {
  const db = await createTestDatabase();
  drops.push(db.drop);
  return db.url;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = await openPostgres(url);
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A migrations folder of its own: name → SQL. */
function migrationsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-pg-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

const ALL = fs.readdirSync(POSTGRES_MIGRATIONS).filter((n) => fs.existsSync(path.join(POSTGRES_MIGRATIONS, n, "migration.sql")));

describePostgres("PostgreSQL migration runner", () => {
  let url: string;
  beforeEach(async () => {
    url = await freshDatabase();
  });

  it("applies every migration to a fresh database, then nothing on a second run", async () => {
    expect(await migratePostgres(url)).toEqual(ALL);
    const tables = await query<{ n: string }>(url, "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = 'Subscriber'");
    expect(tables[0].n).toBe("1");
    const triggers = await query<{ tgname: string }>(url, `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`);
    expect(triggers.map((t) => t.tgname)).toContain("Subscriber_tally_update");
    expect(await migratePostgres(url)).toEqual([]);
    expect(await query(url, `SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY name`)).toEqual(ALL.map((name) => ({ name })));
  });

  it("applies each migration once when two instances start together", async () => {
    // The first migration takes a while: without the lock, both runners would create its table and one would fail.
    const dir = migrationsDir({
      "001_slow": `SELECT pg_sleep(0.4);\nCREATE TABLE "one" (id int);`,
      "002_next": `CREATE TABLE "two" (id int);`,
    });
    const [a, b] = await Promise.all([migratePostgres(url, { dir }), migratePostgres(url, { dir })]);
    expect([...a, ...b].sort()).toEqual(["001_slow", "002_next"]);
    expect(await query(url, `SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY name`)).toEqual([{ name: "001_slow" }, { name: "002_next" }]);
  });

  it("rolls back a failing migration alone and names its file, line and column", async () => {
    const dir = migrationsDir({
      "001_good": `CREATE TABLE "kept" (id int);`,
      "002_bad": `CREATE TABLE "half" (id int);\n-- a typo below\nSELEC 1;`,
      "003_later": `CREATE TABLE "later" (id int);`,
    });
    await expect(migratePostgres(url, { dir })).rejects.toThrow(
      new RegExp(`Migration ${path.join(dir, "002_bad", "migration.sql")}, line 3, column 1 failed and was rolled back: syntax error`),
    );
    expect(await query(url, `SELECT name FROM "${MIGRATIONS_TABLE}"`)).toEqual([{ name: "001_good" }]);
    const tables = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(tables.map((t) => t.tablename)).toEqual([MIGRATIONS_TABLE, "kept"]);
  });

  it("refuses to run when an applied migration's file changed", async () => {
    const dir = migrationsDir({ "001_first": `CREATE TABLE "first" (id int);` });
    await migratePostgres(url, { dir });
    fs.writeFileSync(path.join(dir, "001_first", "migration.sql"), `CREATE TABLE "first" (id bigint);`);
    fs.mkdirSync(path.join(dir, "002_second"));
    fs.writeFileSync(path.join(dir, "002_second", "migration.sql"), `CREATE TABLE "second" (id int);`);
    await expect(migratePostgres(url, { dir })).rejects.toThrow(/001_first\/migration\.sql was changed after it was applied .* restore the file/);
    expect(await query(url, `SELECT name FROM "${MIGRATIONS_TABLE}"`)).toEqual([{ name: "001_first" }]);
  });
});
