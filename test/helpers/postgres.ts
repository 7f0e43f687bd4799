/**
 * PostgreSQL for tests: REBOUND_TEST_POSTGRES_URL names a server (and a database to connect to
 * first, such as postgres); each test file gets throwaway databases on it. Without it, the
 * PostgreSQL suites are reported as skipped with the reason in their name (.ci/run sets it).
 */
import crypto from "node:crypto";
import { describe } from "vitest";
import { openPostgres } from "../../lib/db/postgres/connect";

const SERVER = process.env.REBOUND_TEST_POSTGRES_URL;

const NOT_RUN = `not run: REBOUND_TEST_POSTGRES_URL is not set (README, "PostgreSQL (in progress)")`;

/** `describe` when a PostgreSQL server is configured, else a skipped suite whose name says why. */
export function describePostgres(name: string, fn: () => void): void {
  if (!SERVER) console.warn(`${name}: ${NOT_RUN}`);
  describe.skipIf(!SERVER)(SERVER ? name : `${name} (${NOT_RUN})`, () => fn());
}

/** A new empty database on the test server; `drop` removes it (and ends its connections). */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!SERVER) throw new Error("REBOUND_TEST_POSTGRES_URL is not set");
  const name = `rebound_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = await openPostgres(SERVER);
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = await openPostgres(SERVER);
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
