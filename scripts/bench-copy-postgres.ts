/**
 * `npm run bench:copy-postgres` — `npm run admin -- copy-to-postgres` on the read benchmark's
 * database: 1,000,000 subscribers with one bounce each (scripts/bench/subscribers-db.ts, built once
 * into bench-out/ and kept), copied into a throwaway PostgreSQL database. Baseline, same run: reading
 * every row of the same tables out of SQLite, nothing else (the copy's floor on this side).
 *
 *   tsx scripts/bench-copy-postgres.ts [--subscribers 1000000] [--server postgres://postgres@127.0.0.1:5432/postgres]
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { createMigratedDatabase } from "../lib/db/migration-files";
import { openPostgres } from "../lib/db/postgres/connect";
import { copySqliteToPostgres } from "../lib/db/postgres/copy-from-sqlite";
import { loadSubscribers } from "./bench/subscribers-db";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "1000000" },
    server: { type: "string", default: process.env.REBOUND_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
  },
});
const N = Number(values.subscribers);
const load = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;

const file = path.resolve(`bench-out/copy-postgres-${N}.db`);
if (!fs.existsSync(file)) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  createMigratedDatabase(file);
  loadSubscribers(file, N);
}
const sizeMb = fs.statSync(file).size / 1e6;
console.log(`SQLite database: ${file} (${sizeMb.toFixed(0)} MB, ${N.toLocaleString("en")} subscribers and bounces); ${load()}`);

function readFloor(): { seconds: number; rows: number } {
  const db = new Database(file, { readonly: true });
  const t0 = performance.now();
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
    .pluck()
    .all() as string[];
  let rows = 0;
  for (const t of tables) for (const _ of db.prepare(`SELECT * FROM "${t}"`).raw(true).safeIntegers(true).iterate()) rows++;
  db.close();
  return { seconds: (performance.now() - t0) / 1000, rows };
}

async function main() {
  const name = `rebound_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = await openPostgres(values.server);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(values.server);
  url.pathname = `/${name}`;
  try {
    const { seconds: floor, rows } = readFloor();
    console.log(`baseline: reading every row out of SQLite (${rows.toLocaleString("en")}) ${floor.toFixed(1)} s; ${load()}`);
    const summary = await copySqliteToPostgres(file, url.toString());
    console.log(
      `copy-to-postgres: ${summary.seconds.toFixed(1)} s (of which indexes, foreign keys and checks ${summary.finishSeconds.toFixed(1)} s); ${load()}`,
    );
    for (const t of summary.tables.filter((t) => t.rows > 0))
      console.log(`  ${t.name.padEnd(16)} ${t.rows.toLocaleString("en").padStart(10)} rows ${t.seconds.toFixed(1).padStart(6)} s`);
    console.log(`ratio to the read floor: ${(summary.seconds / floor).toFixed(1)}x; target ≤ 120 s`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
