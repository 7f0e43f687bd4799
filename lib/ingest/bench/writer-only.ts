/**
 * The big import's write loop alone, without the thread that prepares rows competing for the two
 * cores: every batch of FILE is prepared first and held in memory, then written into a fresh
 * database through the import's own writer (bulk mode from the first batch), and only that is timed.
 * For A/B runs of lib/ingest/pipeline/writer.ts, whose figures the whole import's run-to-run noise hides.
 * Usage: tsx lib/ingest/bench/writer-only.ts FILE [--runs=3]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: "string", default: "3" } } });
  const file = positionals[0];
  if (!file) throw new Error("Usage: writer-only.ts FILE [--runs=3]");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-writer-"));
  const { createMigratedDatabase } = await import("../../db/migration-files");
  const { openSqlite } = await import("../../db/sqlite");
  const { openPreparedFile } = await import("../pipeline/prepared-source");
  const { createBatchWriter } = await import("../pipeline/writer");
  const { dropBulkIndexes, dropInsertTriggers } = await import("../fast/bulk-indexes");
  const { median } = await import("../../../scripts/bench/server");

  const opened = await openPreparedFile(file, { batchSize: 10_000, uploadedAtMs: Date.now(), worker: true, size: fs.statSync(file).size });
  const batches = [];
  for await (const batch of opened.batches) batches.push(batch);
  const rows = batches.reduce((n, b) => n + b.rows, 0);

  const seconds: number[] = [];
  // CPU time too: on this shared VM a run's wall time includes what other guests took (steal).
  const cpuSeconds: number[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const dbFile = path.join(dir, `run-${run}.db`);
    createMigratedDatabase(dbFile);
    const db = openSqlite(dbFile);
    db.pragma("cache_size = -8192");
    db.pragma("foreign_keys = OFF");
    db.prepare("INSERT INTO Import (id, fileName, storedPath, sha256, size, createdAt) VALUES ('abcdefghijkl', 'f', 'f', '', 0, 0)").run();
    dropInsertTriggers(db);
    dropBulkIndexes(db);
    const writer = createBatchWriter(db, "abcdefghijkl");
    writer.enterBulkMode(rows);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (const batch of batches) writer.writeBatch(batch);
    writer.finish();
    seconds.push((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
    db.close();
    for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
    console.log(`run ${run + 1}: ${seconds.at(-1)!.toFixed(2)} s, CPU ${cpuSeconds.at(-1)!.toFixed(2)} s`);
  }
  console.log(
    `writer: ${rows} rows, median ${median(seconds).toFixed(2)} s (${seconds.map((s) => s.toFixed(2)).join(", ")}), CPU median ${median(cpuSeconds).toFixed(2)} s (${cpuSeconds.map((s) => s.toFixed(2)).join(", ")})`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
