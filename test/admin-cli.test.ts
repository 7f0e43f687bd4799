import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-admin-"));
const file = path.join(dir, "rebound.db");
const env = { ...process.env, DATABASE_URL: `file:${file}`, DATA_DIR: dir };

function admin(...args: string[]) {
  return run("npx", ["tsx", "scripts/admin.mts", ...args], { cwd: root, env, timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

beforeAll(async () => {
  // A database made as `npm start` makes it, with Prisma's record of applied migrations.
  await run("npx", ["prisma", "migrate", "deploy"], { cwd: root, env, timeout: 120_000 });
}, 150_000);

describe("npm run admin beside a running server", () => {
  it("creates a user and a token while another connection has the database open and reads", async () => {
    const server = new Database(file);
    server.pragma("journal_mode = WAL");
    server.exec("BEGIN");
    server.prepare("SELECT count(*) FROM User").get();
    try {
      const user = await admin("create-user", "--email", "cli@example.com", "--password", "a fine passphrase", "--role", "member");
      expect(user).toMatchObject({ code: 0, stdout: expect.stringContaining("Created member cli@example.com") });
      const token = await admin("create-token", "--email", "cli@example.com");
      expect(token.code).toBe(0);
      expect(token.stdout.trim().split("\n").at(-1)).toMatch(/^rbd_[\w-]{20,}$/);
    } finally {
      server.exec("COMMIT");
      server.close();
    }
  }, 120_000);

  it("says what to do when a migration is pending and the database is busy", async () => {
    const server = new Database(file);
    server.prepare("DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)").run();
    server.exec("BEGIN EXCLUSIVE");
    try {
      const result = await admin("create-token", "--email", "cli@example.com");
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/migration\(s\) are pending .* the database is in use\. Stop the server/);
    } finally {
      server.exec("ROLLBACK");
      server.close();
    }
  }, 120_000);
});
