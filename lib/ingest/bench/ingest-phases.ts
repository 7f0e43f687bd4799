/**
 * Where a big import's time goes, in-process (no HTTP): the time to the first batch, the write loop,
 * and the end (rebuilding dropped indexes, recounting tallies), for one fresh import of FILE.
 * Usage: tsx lib/ingest/bench/ingest-phases.ts FILE [--in-thread | --runner-thread] [--keep=COPY.db] [--id=ID] [--bulk-threshold=N] [--into=LOADED.db]
 * (--into: import into a copy of that database, e.g. one kept with --keep, instead of a fresh one.)
 * (--id: the import's id, default a 36-character UUID as older uploads had: every bounce and
 * subscriber row carries it, so its length is part of what the import writes.)
 * (--in-thread: rows prepared in the writer's thread; --runner-thread: the whole import in the
 * queue's thread, lib/ingest/threads/import-thread.ts, timed as a whole.)
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

async function main() {
  const [file, ...flags] = process.argv.slice(2);
  /** The value of `--name=VALUE`, if given. */
  const flag = (name: string) => flags.find((f) => f.startsWith(`--${name}=`))?.slice(name.length + 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-phases-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "rebound.db")}`;
  process.env.DATA_DIR = dir;
  const into = flag("into");
  if (into) fs.copyFileSync(into, path.join(dir, "rebound.db"));
  else (await import("../../db/migration-files")).createMigratedDatabase(path.join(dir, "rebound.db"));
  const { runImport } = await import("../pipeline/run-import");
  const { sqlite } = await import("../../db/sqlite");
  const db = sqlite();
  const importId = flag("id") ?? crypto.randomUUID();
  db.prepare("INSERT INTO Import (id, fileName, storedPath, sha256, size, createdAt) VALUES (?, ?, ?, '', ?, ?)").run(
    importId,
    path.basename(file),
    path.resolve(file),
    fs.statSync(file).size,
    Date.now(),
  );
  const t0 = performance.now();
  // RSS over time: when the peak happens says who holds the memory.
  const rss: string[] = [];
  const mb = (n: number) => Math.round(n / 1048576);
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    rss.push(`${((performance.now() - t0) / 1000).toFixed(1)}s:${mb(m.rss)}(js ${mb(m.heapTotal)} ab ${mb(m.arrayBuffers)})`);
  }, 1000);
  const phases: string[] = [];
  let phaseStart = 0;
  let first = 0;
  let last = 0;
  if (flags.includes("--runner-thread")) {
    const { runImportInThread } = await import("../threads/import-thread");
    // The queue's own path (its thread and heap limits), without HTTP: no phases, only the total.
    const before = mb(process.memoryUsage().rss);
    const o = await runImportInThread(db, importId);
    clearInterval(sampler);
    const hwm = fs.readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/)?.[1];
    console.log(
      `${o.status} in the import thread: ${((performance.now() - t0) / 1000).toFixed(2)} s; RSS ${before} MB before, peak ${Math.round(Number(hwm) / 1024)} MB`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  const out = await runImport(db, importId, {
    worker: !flags.includes("--in-thread"),
    bulkIndexThreshold: flag("bulk-threshold") !== undefined ? Number(flag("bulk-threshold")) : undefined,
    onPhase: (phase) => {
      const now = performance.now();
      if (phaseStart) phases.push(`${((now - phaseStart) / 1000).toFixed(2)} s`);
      if (phase !== "done") phases.push(phase);
      const g = (globalThis as { gc?: () => void }).gc;
      if (g && phase === "subscribers") {
        g();
        phases.push(`(live JS heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB)`);
      }
      phaseStart = now;
    },
    onProgress: () => {
      last = performance.now();
      if (!first) first = last;
    },
  });
  const end = performance.now();
  clearInterval(sampler);
  const rows = out.status === "done" ? out.counts.rows : 0;
  console.log(
    `${out.status}: ${rows} rows in ${((end - t0) / 1000).toFixed(2)} s — first batch after ${((first - t0) / 1000).toFixed(2)} s, write loop ${((last - first) / 1000).toFixed(2)} s (${(((last - first) * 1000) / rows).toFixed(1)} µs/row), end ${((end - last) / 1000).toFixed(2)} s`,
  );
  console.log(`end phases: ${phases.join(" ")}`);
  const hwm = fs.readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/)?.[1];
  console.log(`peak RSS ${Math.round(Number(hwm) / 1024)} MB; RSS over time (MB, with the writer thread's JS heap): ${rss.join(" ")}`);
  const keep = flag("keep");
  if (keep) {
    db.pragma("wal_checkpoint(TRUNCATE)");
    fs.copyFileSync(path.join(dir, "rebound.db"), keep);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
void main();
