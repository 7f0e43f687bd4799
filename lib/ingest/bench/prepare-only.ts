/**
 * Times the preparation of an upload alone (reading, CSV parsing, mapping, classification, dedupe
 * keys and, with the worker, the hand-over to this thread), without SQLite.
 * Usage: tsx lib/ingest/bench/prepare-only.ts FILE [thread|worker|both=both] [RUNS=3] [CORRECTIONS=0]
 * CORRECTIONS > 0: that many team corrections to look each reply up in, one of them for the reply of
 * the file's first row (1 row in 20 of a generated file), as an import does once the team has corrected.
 * The worker path runs build/import-worker.cjs: rebuild it first (node scripts/build-worker.mjs).
 */
import fs from "node:fs";
import { replyKey } from "../../classify/reply-key";
import type { CorrectionEntries } from "../../corrections/verdicts";
import { sampleCorrections } from "../../../scripts/bench/sample-corrections";
import { bounceTuple } from "../pipeline/prepare";
import { openPreparedFile } from "../pipeline/prepared-source";

async function timeOnce(file: string, worker: boolean, corrections: CorrectionEntries): Promise<{ seconds: number; cpu: number; bounces: number }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const opened = await openPreparedFile(file, { batchSize: 10_000, uploadedAtMs: Date.now(), worker, corrections });
  let bounces = 0;
  // Every row read, as the writer does: the worker's batches make their rows' values only then.
  const tuple = bounceTuple();
  for await (const b of opened.batches) {
    for (let i = 0; i < b.bounceCount; i++) b.bounce(i, tuple);
    bounces += b.bounceCount;
  }
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, bounces };
}

/** CPU time (jiffies) spent busy and in total, from /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - fields[3] - fields[4], total };
}

/** Waits (up to a minute) until other processes leave the CPUs idle: the VM is shared with other benchmarks. */
async function waitForQuiet(): Promise<void> {
  if (process.env.NO_WAIT) return;
  for (let tries = 0; tries < 60; tries++) {
    const a = cpuTimes();
    await new Promise((r) => setTimeout(r, 1000));
    const b = cpuTimes();
    if ((b.busy - a.busy) / (b.total - a.total) < 0.1) return;
  }
  console.warn("(the machine stayed busy: this measurement is noisy)");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const [file, which = "both", runsArg = "3", correctionsArg = "0"] = process.argv.slice(2);
  if (!file) {
    console.error("Usage: tsx lib/ingest/bench/prepare-only.ts FILE [thread|worker|both] [RUNS]");
    process.exit(2);
  }
  const paths = which === "both" ? [false, true] : [which === "worker"];
  const corrections = await correctionsFor(file, Number(correctionsArg));
  for (const worker of paths) {
    const times: number[] = [];
    const cpus: number[] = [];
    let bounces = 0;
    for (let i = 0; i < Number(runsArg); i++) {
      await waitForQuiet();
      const r = await timeOnce(file, worker, corrections);
      times.push(r.seconds);
      cpus.push(r.cpu);
      bounces = r.bounces;
    }
    const label = worker ? "worker   " : "in-thread";
    console.log(
      `${label} ${bounces} bounces  median ${median(times).toFixed(2)} s  (${times.map((t) => t.toFixed(2)).join(", ")}), CPU median ${median(cpus).toFixed(2)} s (all threads)`,
    );
  }
  const hwm = /VmHWM:\s*(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  if (hwm) console.log(`peak RSS ${Math.round(Number(hwm[1]) / 1024)} MB`);
}

/** `n` corrections: the first row's reply, and others (scripts/bench/sample-corrections.ts). */
async function correctionsFor(file: string, n: number): Promise<CorrectionEntries> {
  if (n <= 0) return [];
  const opened = await openPreparedFile(file, { batchSize: 1, uploadedAtMs: Date.now(), worker: false });
  let key = "";
  for await (const b of opened.batches) {
    if (b.bounceCount === 0) continue;
    key = replyKey(b.bounce(0, bounceTuple())[13]);
    break;
  }
  return sampleCorrections(key, n);
}

void main();
