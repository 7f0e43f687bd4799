#!/usr/bin/env node
/**
 * Instructions per row of what a benchmark repeats, counted by callgrind: the same for the same code
 * and input within a few percent, however busy the shared machine is, where wall-clock A/B runs of
 * the import differed by more than the change measured. Runs the benchmark twice under valgrind (its
 * `{runs}` placeholder as 1 and as 3, both at once) and prints half the difference over ROWS.
 *
 * Usage: node scripts/bench/count-instructions.mjs ROWS BENCH.ts ARGS... (one of them holding {runs})
 *   node scripts/bench/count-instructions.mjs 30000 lib/ingest/bench/writer-only.ts data/bench-files/pmta-30000.csv --runs={runs}
 *   node scripts/bench/count-instructions.mjs 30000 lib/ingest/bench/prepare-only.ts data/bench-files/pmta-30000.csv thread {runs}
 * (generate the file first: npx tsx -e 'import {generatePmta} from "./scripts/bench/generate-pmta"; generatePmta("data/bench-files/pmta-30000.csv", 30000)')
 * Give it benchmarks whose repeated part runs in one thread, as those two: valgrind runs threads one
 * at a time, so what a worker thread does would be counted as scheduling happened to let it.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildSync } from "esbuild";

const [rowsArg, bench, ...args] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!(rows > 0) || !bench || !args.some((a) => a.includes("{runs}"))) {
  console.error("Usage: count-instructions.mjs ROWS BENCH.ts ARGS... (one of them holding {runs})");
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Beside the benchmarks, so that paths the code resolves from its own file (migrations) still hold.
const bundle = path.join(root, "scripts/bench", `.callgrind-${process.pid}.cjs`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-callgrind-"));
buildSync({
  entryPoints: [path.resolve(bench)],
  outfile: bundle,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["better-sqlite3"],
  alias: { "@": root },
  logLevel: "warning",
});

async function count(runs) {
  const out = path.join(work, `callgrind.${runs}.out`);
  const { stderr } = await promisify(execFile)(
    "valgrind",
    ["--tool=callgrind", `--callgrind-out-file=${out}`, process.execPath, bundle, ...args.map((a) => a.replaceAll("{runs}", String(runs)))],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  const collected = /Collected : ([\d,]+)/.exec(stderr)?.[1];
  if (!collected) throw new Error(`valgrind printed no total:\n${stderr.slice(-2000)}`);
  return Number(collected.replaceAll(",", ""));
}

try {
  const [one, three] = await Promise.all([count(1), count(3)]);
  console.log(`${path.basename(bench)}: ${Math.round((three - one) / 2 / rows)} instructions per row (${one} with 1 run, ${three} with 3)`);
} finally {
  fs.rmSync(bundle, { force: true });
  fs.rmSync(work, { recursive: true, force: true });
}
