/**
 * `npm run bench:corrections` — team corrections at scale: a database of 1,000,000 bounces imported
 * through the real path (a generated PowerMTA file), then, through the same functions the API calls:
 * correct one bounce, apply it to every bounce with the same reply (1 in 20 of them), undo it; with,
 * in the same run, the baseline of reading every reply once (a LIKE over the table). Then the
 * tallies against a recount, and what a reply key costs: replyKey and classify per reply. What
 * corrections cost the import itself: lib/ingest/bench/corrections-cost.ts.
 *
 *   tsx --conditions=react-server scripts/bench-corrections.ts [--rows 1000000] [--keep]
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { removeDatabase } from "./bench/baseline";
import { generatePmta } from "./bench/generate-pmta";
// @ts-expect-error plain JavaScript module without types
import { buildImportWorker } from "./build-worker.mjs";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, keep: { type: "boolean", default: false } },
});
const ROWS = Number(values.rows);
const DIR = path.resolve("data/bench-corrections");
const DB = path.join(DIR, "rebound.db");
fs.mkdirSync(DIR, { recursive: true });
removeDatabase(DB);
// Before any app module reads the environment.
process.env.DATABASE_URL = `file:${DB}`;
process.env.DATA_DIR = DIR;

const seconds = (since: number) => (performance.now() - since) / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { createMigratedDatabase } = await import("../lib/db/migration-files");
  const { sqlite } = await import("../lib/db/sqlite");
  const { importFileNow } = await import("../lib/ingest");
  const { tallyDrift } = await import("../lib/db/tallies");
  const { replyKey, replyKeyWords } = await import("../lib/classify/reply-key");
  const { classify } = await import("../lib/classify");
  const { applyCorrection, correctBounce, undoCorrection } = await import("../lib/queries/corrections");
  const { findSameReply } = await import("../lib/corrections/store");

  buildImportWorker();
  createMigratedDatabase(DB);
  const db = sqlite();
  const file = path.join(DIR, `pmta-${ROWS}.csv`);
  if (!fs.existsSync(file)) generatePmta(file, ROWS);
  let t = performance.now();
  const { outcome } = await importFileNow(file);
  if (outcome.status !== "done") throw new Error(`import ${outcome.status}`);
  console.log(`database: ${outcome.counts.accepted.toLocaleString("en")} bounces imported in ${seconds(t).toFixed(1)} s`);

  // The reply: Gmail's "does not exist", 1 bounce in 20, each with its own trace number.
  const bounce = db
    .prepare(
      "SELECT id, diagnostic FROM Bounce WHERE diagnostic LIKE '550-5.1.1 The email account that you tried to reach does not exist.%' ORDER BY id LIMIT 1",
    )
    .get() as { id: number; diagnostic: string };
  const key = replyKey(bounce.diagnostic);
  const word = replyKeyWords(key)[0];

  t = performance.now();
  const baseline = db.prepare("SELECT count(*) FROM Bounce WHERE diagnostic LIKE ?").pluck().get(`%${word}%`) as number;
  const baselineSeconds = seconds(t);
  t = performance.now();
  const same = findSameReply(db, key).length;
  const searchSeconds = seconds(t);

  t = performance.now();
  const { correction } = await correctBounce(bounce.id, "inactive-mailbox", "Bench");
  const correctMs = seconds(t) * 1000;
  t = performance.now();
  const applied = await applyCorrection(correction.id, "Bench");
  const applySeconds = seconds(t);
  t = performance.now();
  const undone = await undoCorrection(correction.id, "Bench");
  const undoSeconds = seconds(t);
  const another = db.prepare("SELECT id FROM Bounce WHERE diagnostic LIKE '452 4.2.2 Mailbox full%' ORDER BY id LIMIT 1").pluck().get() as number;
  t = performance.now();
  await correctBounce(another, "bad-mailbox", "Bench");
  const correctAgainMs = seconds(t) * 1000;
  t = performance.now();
  const drift = tallyDrift(db);
  const recountSeconds = seconds(t);

  console.log(`\nreading every reply once (baseline, LIKE '%${word}%'): ${baselineSeconds.toFixed(2)} s (${baseline.toLocaleString("en")} match the word)`);
  console.log(`finding the same reply (LIKE, then the key):           ${searchSeconds.toFixed(2)} s (${same.toLocaleString("en")} bounces)`);
  console.log(`correct one bounce:                                    ${correctMs.toFixed(1)} ms (the first), ${correctAgainMs.toFixed(1)} ms (another)`);
  console.log(
    `apply to every bounce with the same reply:             ${applySeconds.toFixed(2)} s (${applied.bounces.toLocaleString("en")} bounces, ${applied.subscribers.toLocaleString("en")} subscribers moved)`,
  );
  console.log(
    `undo:                                                  ${undoSeconds.toFixed(2)} s (${undone.bounces.toLocaleString("en")} bounces, ${undone.subscribers.toLocaleString("en")} subscribers moved)`,
  );
  console.log(
    `tallies against a recount (${recountSeconds.toFixed(1)} s):                  ${drift.length === 0 ? "exact" : `${drift.length} differ: ${drift.slice(0, 3).join("; ")}`}`,
  );

  // What an import pays per row once the team has corrected a reply.
  const replies = db.prepare("SELECT dsnStatus, replyCode, diagnostic FROM Bounce ORDER BY id LIMIT 200000").all() as {
    dsnStatus: string | null;
    replyCode: number | null;
    diagnostic: string;
  }[];
  const perReply = (f: (r: (typeof replies)[number]) => unknown) => {
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const s = performance.now();
      for (const r of replies) f(r);
      runs.push(((performance.now() - s) * 1000) / replies.length);
    }
    return median(runs);
  };
  const keyMicros = perReply((r) => replyKey(r.diagnostic));
  const classifyMicros = perReply((r) => classify({ status: r.dsnStatus, replyCode: r.replyCode, diagnostic: r.diagnostic }));
  console.log(`\nreplyKey: ${keyMicros.toFixed(2)} µs a reply; classify (same run, same replies): ${classifyMicros.toFixed(2)} µs`);

  db.close();
  if (!values.keep) fs.rmSync(DIR, { recursive: true, force: true });
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
