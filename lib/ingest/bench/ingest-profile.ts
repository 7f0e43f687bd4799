/**
 * In-process profile of the import path, without the HTTP server: parse+map alone, then the real
 * runImport into a fresh database, then a repeat import of the same file.
 * Usage: tsx lib/ingest/bench/ingest-profile.ts FILE [--parse-only]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

async function main() {
  const [file, ...flags] = process.argv.slice(2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-profile-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "rebound.db")}`;
  process.env.DATA_DIR = dir;

  (await import("../../db/migration-files")).createMigratedDatabase(path.join(dir, "rebound.db"));

  const { openBounceFile } = await import("../../formats/open");
  const { runImport } = await import("../pipeline/run-import");
  const { sqlite } = await import("../../db/sqlite");
  const { classify } = await import("../../classify");

  let t = performance.now();
  let rows = 0;
  const opened = await openBounceFile(file);
  for await (const b of opened.batches) rows += b.rows.length;
  const parse = (performance.now() - t) / 1000;
  console.log(`parse+map: ${rows} rows in ${parse.toFixed(2)} s (${((parse * 1e6) / rows).toFixed(2)} µs/row)`);

  if (flags.includes("--classify")) {
    t = performance.now();
    let n = 0;
    for await (const b of (await openBounceFile(file)).batches) {
      for (const r of b.rows)
        if (r.kind === "bounce") {
          classify({ status: r.record.dsnStatus, replyCode: r.record.replyCode, diagnostic: r.record.diagnostic });
          n++;
        }
    }
    const s = (performance.now() - t) / 1000;
    console.log(`parse+map+classify: ${n} rows in ${s.toFixed(2)} s`);
  }
  if (flags.includes("--parse-only")) process.exit(0);

  const db = sqlite();
  for (const pass of ["first", "repeat"]) {
    const id = `profile-${pass}`;
    db.prepare("INSERT INTO Import (id, fileName, storedPath, sha256, size, createdAt) VALUES (?, ?, ?, '', ?, ?)").run(
      id,
      path.basename(file),
      file,
      fs.statSync(file).size,
      Date.now(),
    );
    t = performance.now();
    const out = await runImport(db, id);
    const s = (performance.now() - t) / 1000;
    const c = out.status === "done" ? out.counts : out;
    console.log(
      `${pass} import: ${s.toFixed(2)} s (${Math.round(rows / s)} rows/s, ${((s * 1e6) / rows).toFixed(1)} µs/row) ${JSON.stringify(c)} rss=${Math.round(process.memoryUsage().rss / 1048576)} MB`,
    );
  }
  const hwm = fs.readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/)?.[1];
  console.log(`peak RSS ${Math.round(Number(hwm) / 1024)} MB`);
  fs.rmSync(dir, { recursive: true, force: true });
}
void main();
