/**
 * What team corrections cost the import: preparing 200,000 rows in this thread with no correction
 * and with 20 (one for a reply 1 row in 20 has), interleaved, medians of 3; with --import-runs N,
 * then importing the whole generated file N times into a fresh database without and with the same
 * 20 corrections.
 *
 *   tsx lib/ingest/bench/corrections-cost.ts [--rows 1000000] [--import-runs 0] [--keep]
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { removeDatabase } from "../../../scripts/bench/baseline";
import { generatePmta } from "../../../scripts/bench/generate-pmta";
import { sampleCorrections } from "../../../scripts/bench/sample-corrections";
// @ts-expect-error plain JavaScript module without types
import { buildImportWorker } from "../../../scripts/build-worker.mjs";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, keep: { type: "boolean", default: false }, "import-runs": { type: "string", default: "0" } },
});
const ROWS = Number(values.rows);
const DIR = path.resolve("data/bench-corrections-cost");
fs.mkdirSync(DIR, { recursive: true });
const seconds = (since: number) => (performance.now() - since) / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { createMigratedDatabase } = await import("../../db/migration-files");
  const { runImport } = await import("../pipeline/run-import");
  const { replyKey } = await import("../../classify/reply-key");
  buildImportWorker();
  const file = path.join(DIR, `pmta-${ROWS}.csv`);
  if (!fs.existsSync(file)) generatePmta(file, ROWS);
  // The generator's Gmail reply (its trace number masked by the key).
  const key = replyKey("smtp;550-5.1.1 The email account that you tried to reach does not exist. 1234 - gsmtp");

  const { openPreparedFile } = await import("../pipeline/prepared-source");
  const { bounceTuple } = await import("../pipeline/prepare");
  const small = path.join(DIR, "pmta-200000.csv");
  if (!fs.existsSync(small)) generatePmta(small, 200_000, { prefix: "other." });
  // Twenty corrections, one of them for a reply 1 row in 20 has.
  const corrections = sampleCorrections(key, 20);
  const prepare = async (withCorrections: boolean) => {
    const s = performance.now();
    const opened = await openPreparedFile(small, {
      batchSize: 10_000,
      uploadedAtMs: Date.now(),
      worker: false,
      corrections: withCorrections ? corrections : [],
    });
    const tuple = bounceTuple();
    let team = 0;
    for await (const b of opened.batches) for (let i = 0; i < b.bounceCount; i++) if (b.bounce(i, tuple)[8] === "team") team++;
    return { seconds: seconds(s), team };
  };
  const without: number[] = [];
  const withC: number[] = [];
  let team = 0;
  for (let run = 0; run < 3; run++) {
    without.push((await prepare(false)).seconds);
    const r = await prepare(true);
    withC.push(r.seconds);
    team = r.team;
  }
  const rows = 200_000;
  console.log(
    `preparing 200,000 rows in this thread: ${median(without).toFixed(2)} s without corrections, ${median(withC).toFixed(2)} s with 20 (${team.toLocaleString("en")} rows corrected): ` +
      `+${(((median(withC) - median(without)) * 1e6) / rows).toFixed(2)} µs a row (medians of 3, interleaved)`,
  );
  const importRuns = Number(values["import-runs"]);
  if (importRuns > 0) {
    const { openSqlite } = await import("../../db/sqlite");
    const fresh = path.join(DIR, "import.db");
    const importOnce = async (withCorrections: boolean) => {
      removeDatabase(fresh);
      createMigratedDatabase(fresh);
      const conn = openSqlite(fresh);
      const insert = conn.prepare(
        "INSERT INTO Correction (id, category, reply, replyKey, createdBy, createdAt) VALUES (?, 'inactive-mailbox', ?, ?, 'Bench', 0)",
      );
      if (withCorrections) for (const [i, [k]] of corrections.entries()) insert.run(i + 1, k, k);
      conn
        .prepare("INSERT INTO Import (id, fileName, storedPath, sha256, size, createdAt) VALUES ('again', 'again.csv', ?, 'bench', ?, ?)")
        .run(file, fs.statSync(file).size, Date.now());
      const s = performance.now();
      const done = await runImport(conn, "again");
      const took = seconds(s);
      const team = conn.prepare("SELECT count(*) FROM Bounce WHERE categorySource = 'team'").pluck().get() as number;
      conn.close();
      if (done.status !== "done") throw new Error(`import ${done.status}`);
      return { took, team };
    };
    const plain: number[] = [];
    const corrected: number[] = [];
    let teamRows = 0;
    for (let run = 0; run < importRuns; run++) {
      plain.push((await importOnce(false)).took);
      const r = await importOnce(true);
      corrected.push(r.took);
      teamRows = r.team;
    }
    console.log(
      `importing the ${ROWS.toLocaleString("en")}-row file into a fresh database: ${median(plain).toFixed(1)} s with no correction (${plain.map((x) => x.toFixed(1)).join(", ")}), ` +
        `${median(corrected).toFixed(1)} s with 20 (${corrected.map((x) => x.toFixed(1)).join(", ")}; ${teamRows.toLocaleString("en")} rows corrected)`,
    );
  }
  if (!values.keep) fs.rmSync(DIR, { recursive: true, force: true });
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
