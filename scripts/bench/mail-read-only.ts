/**
 * The mail reader alone, for instruction counts (scripts/bench/count-instructions.mjs): generates an
 * mbox of MESSAGES varied bounce emails (test/helpers/mail-families.ts), then reads it RUNS times
 * through openBounceFile (split, MIME, DSN fields, text extractors) in this one thread.
 *
 *   node scripts/bench/count-instructions.mjs 2000 scripts/bench/mail-read-only.ts 2000 {runs}
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openBounceFile } from "../../lib/formats/open";
import { generatedMail } from "../../test/helpers/mail-families";
import { makeMbox } from "../../test/helpers/make-mbox";

async function main() {
  const [messages, runs] = process.argv.slice(2).map(Number);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rebound-mail-read-")), "bench.mbox");
  fs.writeFileSync(file, makeMbox(Array.from({ length: messages }, (_, n) => generatedMail(n))));
  let rows = 0;
  for (let r = 0; r < runs; r++) {
    const opened = await openBounceFile(file, { batchSize: 5000 });
    for await (const b of opened.batches) rows += b.rows.length;
  }
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  console.log(`${runs} runs, ${rows} rows`);
}

void main();
