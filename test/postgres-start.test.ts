import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, describePostgres } from "./helpers/postgres";

const root = path.resolve(__dirname, "..");

function run(command: string, args: string[], databaseUrl: string) {
  return promisify(execFile)(command, args, { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 90_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const NOT_YET = /✖ Rebound cannot serve from PostgreSQL yet: .*\(lib\/queries\), the import \(lib\/ingest\).* Use a SQLite DATABASE_URL/;
const STACK = /^\s+at /m;

describe("a PostgreSQL DATABASE_URL, before the app's queries are ported", () => {
  it("npm start names the server it cannot reach, without a stack trace", async () => {
    const result = await run("node", ["scripts/start.mjs"], "postgres://postgres@127.0.0.1:1/rebound");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("✖ Cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:1/rebound: connect ECONNREFUSED");
    expect(result.stderr).not.toMatch(STACK);
  }, 90_000);

  it("the admin commands say they need SQLite for now", async () => {
    const result = await run("npx", ["tsx", "scripts/admin.mts", "create-token", "--email", "a@example.com"], "postgresql://u:secret@127.0.0.1:1/rebound");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /admin: create-token needs a SQLite database for now, and DATABASE_URL names a PostgreSQL one\. Rebound cannot serve from PostgreSQL yet/,
    );
    expect(result.stderr).not.toContain("secret");
  }, 90_000);
});

describePostgres("npm start on PostgreSQL", () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it("applies the PostgreSQL migrations, then stops with what is missing (exit 3, no stack trace)", async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    const first = await run("node", ["scripts/start.mjs"], db.url);
    expect(first.code).toBe(3);
    expect(first.stdout).toMatch(/Applied PostgreSQL migration \d+_init/);
    expect(first.stderr).toMatch(NOT_YET);
    expect(first.stderr).not.toMatch(STACK);
    const second = await run("node", ["scripts/start.mjs"], db.url);
    expect(second.code).toBe(3);
    expect(second.stdout).toContain("PostgreSQL migrations: none pending.");
  }, 120_000);
});
