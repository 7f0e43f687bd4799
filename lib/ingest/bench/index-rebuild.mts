/**
 * What each index a big import rebuilds costs, one by one, on a copy of a loaded database (made with
 * `ingest-phases.ts FILE --keep=COPY.db`), with the import's own settings for the rebuild
 * (lib/ingest/pipeline/run-import.ts). Then a full tally recount, for comparison.
 * Usage: tsx lib/ingest/bench/index-rebuild.mts COPY.db [--cache-kb=4096] [--threads=2] [--temp=FILE|MEMORY] [--ckpt=1000]
 * (--ckpt: wal_autocheckpoint pages during the rebuild; the checkpoint after it is timed apart)
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { rebuildTallies } from "../../db/tallies";
import { removeDatabase } from "../../../scripts/bench/baseline";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "cache-kb": { type: "string", default: "4096" },
    threads: { type: "string", default: "2" },
    temp: { type: "string", default: "FILE" },
    ckpt: { type: "string", default: "1000" },
  },
});
const source = positionals[0];
if (!source) throw new Error("Usage: index-rebuild.mts COPY.db [--cache-kb=4096] [--threads=2] [--temp=FILE|MEMORY] [--ckpt=1000]");
const work = `${source}.rebuild`;
fs.copyFileSync(source, work);
const db = new Database(work);
db.pragma("journal_mode = WAL");
db.pragma(`temp_store = ${values.temp === "MEMORY" ? "MEMORY" : "FILE"}`);
db.pragma(`cache_size = -${Number(values["cache-kb"])}`);
db.pragma(`threads = ${Number(values.threads)}`);
db.pragma(`wal_autocheckpoint = ${Number(values.ckpt)}`);
const defs = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('Subscriber', 'Bounce')").all() as {
  name: string;
  sql: string;
}[];
for (const d of defs) db.exec(`DROP INDEX "${d.name}"`);
db.pragma("wal_checkpoint(TRUNCATE)");
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);
let total = 0;
for (const d of defs) {
  const t = performance.now();
  db.exec(d.sql);
  total += performance.now() - t;
  console.log(`${seconds(t)} s  ${d.name}`);
}
console.log(`${(total / 1000).toFixed(2)} s  all indexes`);
const c = performance.now();
db.pragma("wal_checkpoint(TRUNCATE)");
console.log(`${seconds(c)} s  checkpoint after them`);
const t = performance.now();
rebuildTallies(db);
console.log(`${seconds(t)} s  full tally recount`);
db.close();
removeDatabase(work);
