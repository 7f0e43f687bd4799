/**
 * The CSV parser alone: a file pushed in 1 MB pieces, RUNS times, records counted. For A/B runs of
 * lib/csv/parser.ts under scripts/bench/count-instructions.mjs (instructions per row).
 * A mix of quoted replies (every PowerMTA row) and, with --multiline, fields quoted across lines.
 *
 * Usage: tsx lib/csv/bench/parse-only.ts FILE RUNS
 */
import fs from "node:fs";
import { CsvParser } from "../parser";

const [file, runsArg] = process.argv.slice(2);
if (!file) throw new Error("Usage: tsx lib/csv/bench/parse-only.ts FILE RUNS");
const text = fs.readFileSync(file, "utf8");
const PIECE = 1024 * 1024;
let records = 0;
const started = performance.now();
for (let run = 0; run < Number(runsArg ?? 1); run++) {
  const parser = new CsvParser({ record: () => void records++, bad: () => {} });
  for (let at = 0; at < text.length; at += PIECE) parser.push(text.slice(at, at + PIECE));
  parser.end();
}
console.log(`${records.toLocaleString("en")} records in ${((performance.now() - started) / 1000).toFixed(2)} s`);
