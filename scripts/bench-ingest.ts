/**
 * `npm run bench:ingest` — the 1,000,000-row import benchmark, through the real path: a fresh `next start`
 * on its own port and database, a multipart upload over HTTP, polling GET /api/imports/:id until
 * done. Then the same file again (every row must be a duplicate), then a tenth as many rows into the
 * loaded database, half of them newer bounces of known subscribers and half new addresses (the next
 * week's export: an import that keeps its indexes and merges subscribers), and
 * in the same run the baseline (scripts/bench/baseline.ts). Prints medians over --runs (default 1;
 * each run is ~1 minute).
 *
 * Ablation: `--without <part>` (repeatable) or `--ablate` (every part of INGEST_PARTS, lib/env.ts)
 * times the first import alone with each part turned off (REBOUND_INGEST_WITHOUT), interleaved with
 * the full build (full, without A, without B, …, full, …) so that a busy machine's noise spreads
 * over all of them; no repeat, next-week or baseline phases.
 *
 *   tsx scripts/bench-ingest.ts [--rows 1000000] [--runs 1] [--port 3181] [--keep] [--client http|fetch]
 *   tsx scripts/bench-ingest.ts --ablate --runs 3 [--rows 500000]
 *   tsx scripts/bench-ingest.ts --without malloc --without hash-tables --runs 3
 * `--env KEY=VALUE` (repeatable) adds a variant whose server runs with that environment, the same
 * way (e.g. --env NODE_OPTIONS=--max-semi-space-size=4 for a memory setting).
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { removeDatabase, runBaseline } from "./bench/baseline";
import { generatePmta } from "./bench/generate-pmta";
import { INGEST_PARTS } from "../lib/env";
import { median, memoryOf, startServer, uploadFile, type BenchServer } from "./bench/server";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    runs: { type: "string", default: "1" },
    port: { type: "string", default: "3181" },
    keep: { type: "boolean", default: false },
    client: { type: "string", default: "http" },
    without: { type: "string", multiple: true, default: [] },
    ablate: { type: "boolean", default: false },
    env: { type: "string", multiple: true, default: [] },
  },
});
const ABLATED: string[] = values.ablate ? [...INGEST_PARTS] : values.without;
for (const part of ABLATED) {
  if (!(INGEST_PARTS as readonly string[]).includes(part)) throw new Error(`--without ${part}: the parts are ${INGEST_PARTS.join(", ")}`);
}
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const PORT = Number(values.port);
const POLL_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ImportRun {
  seconds: number;
  uploadSeconds: number;
  status: string;
  /** The import's error when it did not end done. */
  error: string | null;
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Largest VmHWM of the server seen (MB): the process's peak RSS since it started. */
  peakRss: number;
  /** RSS (MB) before the upload started, and when (s after it) the RSS was highest. */
  idleRss: number;
  peakAt: number;
  samples: { t: number; rows: number; progress: number }[];
}

/**
 * A poll, tried again when the connection is reset: a keep-alive socket the server closes while it is
 * busy writing a batch races with the next request on it (browsers retry such GETs by themselves).
 */
async function getWithRetry(url: string, token: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function uploadWithFetch(server: BenchServer, file: string): Promise<Response> {
  const form = new FormData();
  form.append("file", await fs.openAsBlob(file), path.basename(file));
  return fetch(`${server.base}/api/imports`, { method: "POST", body: form, headers: { authorization: `Bearer ${server.token}` } });
}

async function importOver(server: BenchServer, file: string): Promise<ImportRun> {
  const pid = server.serverPid();
  let peak = 0;
  let highestRss = 0;
  let peakAt = 0;
  const idleRss = (pid ? memoryOf(pid)?.rss : 0) ?? 0;
  const sample = () => {
    const m = pid ? memoryOf(pid) : null;
    if (m) peak = Math.max(peak, m.hwm, m.rss);
    if (m && m.rss > highestRss) {
      highestRss = m.rss;
      peakAt = (performance.now() - t0) / 1000;
    }
  };
  const sampler = setInterval(sample, 100);
  const t0 = performance.now();
  const startedAtMs = Date.now();
  let res = await (values.client === "fetch" ? uploadWithFetch : uploadFile)(server, file);
  // A server just started can still be busy writing (its first requests): try once more, as a person would.
  if (res.status === 503) {
    await res.text();
    await sleep(3000);
    res = await (values.client === "fetch" ? uploadWithFetch : uploadFile)(server, file);
  }
  const uploadSeconds = (performance.now() - t0) / 1000;
  if (res.status !== 202) {
    clearInterval(sampler);
    const text = await res.text();
    const hint = /interrupted or malformed/.test(text)
      ? ' — if the server log says "Request body exceeded 10MB", proxy.ts matches /api/imports and Next buffers (and cuts) the body: exclude the upload route from the proxy matcher.'
      : "";
    throw new Error(`upload answered ${res.status}: ${text}${hint}`);
  }
  const { id } = (await res.json()) as { id: string };
  const samples: ImportRun["samples"] = [];
  let last: Record<string, unknown> = {};
  for (;;) {
    const r = await getWithRetry(`${server.base}/api/imports/${id}`, server.token);
    last = (await r.json()) as Record<string, unknown>;
    samples.push({ t: (performance.now() - t0) / 1000, rows: last.rows as number, progress: last.progress as number });
    if (last.status === "done" || last.status === "failed" || last.status === "needs_mapping") break;
    // As often as the import page asks (app/(dashboard)/imports/[id]/import-progress.tsx): polling
    // faster took CPU from the import it measures. The end comes from finishedAt, not from the poll.
    await sleep(POLL_MS);
  }
  // Same machine, same clock: the server's finishedAt (ms) against the client's start.
  const finishedAt = typeof last.finishedAt === "string" ? Date.parse(last.finishedAt) : NaN;
  const seconds = Number.isFinite(finishedAt) ? (finishedAt - startedAtMs) / 1000 : (performance.now() - t0) / 1000;
  clearInterval(sampler);
  sample();
  return {
    seconds,
    uploadSeconds,
    status: last.status as string,
    error: (last.error as string | null) ?? null,
    rows: last.rows as number,
    accepted: last.accepted as number,
    duplicates: last.duplicates as number,
    rejected: last.rejected as number,
    peakRss: peak,
    idleRss,
    peakAt,
    samples,
  };
}

/** Each ablated part's first import, interleaved with the full build's; prints medians and ratios. */
async function ablation(file: string): Promise<void> {
  const variants = ["", ...ABLATED.map((p) => `without ${p}`), ...values.env];
  const results = new Map<string, ImportRun[]>(variants.map((v) => [v, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const variant of variants) {
      const without = variant.startsWith("without ") ? variant.slice("without ".length) : "";
      const [key, ...value] = variant.includes("=") ? variant.split("=") : [];
      const saved = key ? process.env[key] : undefined;
      process.env.REBOUND_INGEST_WITHOUT = without;
      if (key) process.env[key] = value.join("=");
      const server = await startServer(PORT, "ingest").finally(() => {
        if (key) {
          if (saved === undefined) delete process.env[key];
          else process.env[key] = saved;
        }
      });
      try {
        const a = await importOver(server, file);
        const label = variant || "full";
        console.log(
          `run ${run + 1} ${label}: import ${a.status} in ${a.seconds.toFixed(2)} s, ${a.accepted} accepted, peak RSS ${a.peakRss.toFixed(0)} MB (idle ${a.idleRss.toFixed(0)} MB before it; highest sampled RSS at ${a.peakAt.toFixed(1)} s, all rows seen at ${a.samples.find((s) => s.rows >= ROWS)?.t.toFixed(1)} s)${a.error ? ` — ${a.error}` : ""}`,
        );
        // A variant that fails (e.g. out of its thread's heap) is reported, and the others go on.
        if (a.status !== "done" || a.accepted !== ROWS) console.log(`        ${label}: the import did not store every row`);
        else results.get(variant)!.push(a);
      } finally {
        await server.stop();
        if (!values.keep) fs.rmSync(server.dir, { recursive: true, force: true });
      }
    }
  }
  delete process.env.REBOUND_INGEST_WITHOUT;
  const full = median(results.get("")!.map((r) => r.seconds));
  console.log(`\n── bench:ingest ablation, ${ROWS} rows, medians of ${RUNS} interleaved run${RUNS === 1 ? "" : "s"} ──`);
  console.log("variant                  median s   ratio   peak RSS MB (median, max)   runs (s)");
  for (const [variant, runs] of results) {
    if (runs.length === 0) {
      console.log(`${variant.padEnd(24)} failed every run`);
      continue;
    }
    const s = median(runs.map((r) => r.seconds));
    const rss = runs.map((r) => r.peakRss);
    const label = (variant || "full").padEnd(24);
    console.log(
      `${label} ${s.toFixed(2).padStart(8)}   ${(s / full).toFixed(2).padStart(5)}   ${median(rss).toFixed(0).padStart(6)}, ${Math.max(...rss).toFixed(0)}                  ${runs.map((r) => r.seconds.toFixed(1)).join(" ")}`,
    );
  }
  const os = await import("node:os");
  console.log(
    `machine:  ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
}

async function main() {
  const file = path.resolve(`data/bench-files/pmta-${ROWS}.csv`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) {
    console.log(`Generating ${ROWS} rows…`);
    generatePmta(file, ROWS);
  }
  const weekly = path.resolve(`data/bench-files/pmta-${ROWS / 10}-next-week-mixed.csv`);
  if (!fs.existsSync(weekly)) {
    // Half of it newer bounces of subscribers the big file brought, half new addresses.
    const nextMonth = Date.UTC(2026, 10, 1);
    generatePmta(weekly, ROWS / 20, { start: nextMonth });
    generatePmta(weekly, ROWS / 20, { start: nextMonth, prefix: "w2.", append: true });
  }
  const size = fs.statSync(file).size;
  console.log(`File: ${file} (${(size / 1048576).toFixed(0)} MB, ${ROWS} rows)`);
  if (ABLATED.length > 0 || values.env.length > 0) return ablation(file);

  const first: ImportRun[] = [];
  const repeat: ImportRun[] = [];
  const nextWeek: ImportRun[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const server = await startServer(PORT, "ingest");
    try {
      const a = await importOver(server, file);
      if (a.error) console.log(`run ${run + 1}: import ${a.status}: ${a.error}`);
      console.log(
        `run ${run + 1}: import ${a.status} in ${a.seconds.toFixed(2)} s (upload ${a.uploadSeconds.toFixed(2)} s), ${a.accepted} accepted, peak RSS ${a.peakRss.toFixed(0)} MB`,
      );
      const moving = a.samples.filter((s) => s.rows > 0 && s.progress < 1).length;
      console.log(`        progress polls while processing: ${moving} (rows seen moving: ${[...new Set(a.samples.map((s) => s.rows))].length})`);
      // Where the time goes, to a poll's precision: the rest after "all rows" is indexing and counting.
      const firstRows = a.samples.find((s) => s.rows > 0)?.t;
      const allRows = a.samples.find((s) => s.rows >= ROWS)?.t;
      console.log(`        first rows seen at ${firstRows?.toFixed(1)} s, all rows at ${allRows?.toFixed(1)} s (polls every ${POLL_MS} ms)`);
      first.push(a);
      const b = await importOver(server, file);
      console.log(
        `run ${run + 1}: repeat ${b.status} in ${b.seconds.toFixed(2)} s, ${b.duplicates} duplicates, ${b.accepted} accepted${b.error ? ` — ${b.error}` : ""}`,
      );
      repeat.push(b);
      const c = await importOver(server, weekly);
      console.log(
        `run ${run + 1}: next week's ${ROWS / 10} rows (half known subscribers) into the loaded database ${c.status} in ${c.seconds.toFixed(2)} s, ${c.accepted} accepted${c.error ? ` — ${c.error}` : ""}`,
      );
      nextWeek.push(c);
    } finally {
      await server.stop();
      if (!values.keep) fs.rmSync(server.dir, { recursive: true, force: true });
    }
    const base = await runBaseline(file, path.resolve("data/bench-files/baseline.db"));
    console.log(`run ${run + 1}: baseline ${base.seconds.toFixed(2)} s (${Math.round(base.rows / base.seconds)} rows/s)`);
    baseline.push(base.seconds);
    removeDatabase(path.resolve("data/bench-files/baseline.db"));
  }

  const wall = median(first.map((r) => r.seconds));
  const rss = Math.max(...first.map((r) => r.peakRss), ...repeat.map((r) => r.peakRss));
  const base = median(baseline);
  const rep = median(repeat.map((r) => r.seconds));
  const allDup = repeat.every((r) => r.status === "done" && r.duplicates === ROWS && r.accepted === 0);
  console.log("\n── bench:ingest (medians of %d run%s) ──", RUNS, RUNS === 1 ? "" : "s");
  console.log(`import:   ${wall.toFixed(2)} s upload→done, ${Math.round(ROWS / wall)} rows/s   (target ≤ 10 s)`);
  console.log(`upload:   ${median(first.map((r) => r.uploadSeconds)).toFixed(2)} s of it`);
  console.log(`peak RSS: ${rss.toFixed(0)} MB (server, VmHWM)   (target ≤ 400 MB)`);
  console.log(`baseline: ${base.toFixed(2)} s (${Math.round(ROWS / base)} rows/s)   ratio ${(wall / base).toFixed(2)}   (target ≤ 1.5)`);
  console.log(`repeat:   ${rep.toFixed(2)} s, every row a duplicate: ${allDup ? "yes" : "NO"}   (target ≤ 10 s)`);
  const weekOk = nextWeek.every((r) => r.status === "done" && r.accepted === ROWS / 10);
  console.log(
    `next week: ${median(nextWeek.map((r) => r.seconds)).toFixed(2)} s for ${ROWS / 10} rows (half known subscribers) into ${ROWS} (no target), all stored: ${weekOk ? "yes" : "NO"}, server peak RSS by then ${Math.max(...nextWeek.map((r) => r.peakRss)).toFixed(0)} MB`,
  );
  console.log(`client:   ${values.client === "fetch" ? "fetch with FormData" : "http.request piping the file"}`);
  console.log(
    `machine:  ${(await import("node:os")).cpus().length} cores, load ${(await import("node:os"))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
