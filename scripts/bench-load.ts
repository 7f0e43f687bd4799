/**
 * `npm run bench:load` — a team working while an import runs. A `next start` of its own on a database
 * of 1,000,000 subscribers; 50 clients read category pages, open subscribers and tick tasks for 60 s
 * without an import (the same-run baseline), then again while 300,000 new addresses are imported
 * through the HTTP upload. Prints requests/s, p50/p95/p99 per kind, errors, the server's longest
 * event-loop stall, the WAL's peak size, and checks that every acknowledged tick was kept.
 * Only ever talks to 127.0.0.1.
 *
 *   tsx scripts/bench-load.ts [--subscribers 1000000] [--rows 300000] [--clients 50] [--seconds 60] [--port 3183] [--keep]
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { getCategory, STEPS, type CategoryCode } from "../lib/categories";
import { generatePmta } from "./bench/generate-pmta";
import { percentile, startServer, uploadFile } from "./bench/server";
import { CATEGORIES, categoryOf, loadSubscribers } from "./bench/subscribers-db";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "1000000" },
    rows: { type: "string", default: "300000" },
    clients: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    port: { type: "string", default: "3183" },
    keep: { type: "boolean", default: false },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const ROWS = Number(values.rows);
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);

type Kind = "category page" | "category data" | "subscriber" | "tick";
const KINDS: Kind[] = ["category page", "category data", "subscriber", "tick"];

interface Window {
  label: string;
  seconds: number;
  times: Map<Kind, number[]>;
  errors: Map<string, number>;
  requests: number;
  maxStallMs: number;
}

/** The last state of each task that the server acknowledged, to check it was kept. */
const acknowledged = new Map<string, boolean>();

/**
 * A step of subscriber `id`'s checklist as a person ticks it from their page: their own step, else
 * their domain's (subscribers-db.ts: 200 subscribers a domain). Campaign steps are left out: the
 * loaded database is one import of 1,000,000, so each would cover ~60,000 subscribers at once.
 */
function subscriberTask(id: number): string {
  const category = categoryOf(id - 1) as CategoryCode;
  const steps = getCategory(category)!.steps;
  const step = steps.find((s) => STEPS[s].scope === "subscriber") ?? steps.find((s) => STEPS[s].scope === "domain");
  if (!step) return subscriberTask(id + 1);
  const target = STEPS[step].scope === "subscriber" ? String(id) : `company${(id - 1) % 5000}.example`;
  return `${STEPS[step].scope}~${target}~${category}~${step}`;
}

async function runClients(base: string, token: string, label: string, seconds: number, stallFile: string): Promise<Window> {
  const times = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  const errors = new Map<string, number>();
  const started = Date.now();
  const end = performance.now() + seconds * 1000;
  const headers = { authorization: `Bearer ${token}` };
  let requests = 0;
  let seq = 0;
  const client = async (c: number) => {
    while (performance.now() < end) {
      const n = seq++;
      const kind = KINDS[n % KINDS.length];
      const id = 1 + ((n * 7919 + c * 104729) % SUBSCRIBERS);
      const category = CATEGORIES[n % 6];
      let url: string;
      let init: RequestInit = { headers };
      let done = false;
      if (kind === "category page") url = `/categories/${category}`;
      else if (kind === "category data") url = `/api/subscribers?category=${category}&sort=-lastBouncedAt&page=${1 + (n % 5)}&pageSize=50`;
      else if (kind === "subscriber") url = `/api/subscribers/${id}`;
      else {
        const task = subscriberTask(id);
        done = !(acknowledged.get(task) ?? false);
        url = `/api/tasks/${encodeURIComponent(task)}`;
        init = { method: "PATCH", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ done }) };
      }
      const t = performance.now();
      try {
        const res = await fetch(base + url, init);
        const body = await res.arrayBuffer();
        if (!res.ok) {
          const reason = `${kind} ${res.status} ${new TextDecoder().decode(body).slice(0, 80)}`;
          errors.set(reason, (errors.get(reason) ?? 0) + 1);
        } else if (kind === "tick") acknowledged.set(subscriberTask(id), done);
      } catch (error) {
        const reason = `${kind} ${(error as Error).message}`;
        errors.set(reason, (errors.get(reason) ?? 0) + 1);
      }
      times.get(kind)!.push(performance.now() - t);
      requests++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  return { label, seconds, times, errors, requests, maxStallMs: longestStall(stallFile, started, Date.now()) };
}

/** The longest event-loop delay the server reported between two instants (REBOUND_LOOP_REPORT). */
function longestStall(file: string, from: number, to: number): number {
  if (!fs.existsSync(file)) return NaN;
  let max = 0;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const [at, ms] = line.split(" ").map(Number);
    if (at >= from && at <= to + 1000) max = Math.max(max, ms);
  }
  return max;
}

function report(w: Window) {
  console.log(
    `\n${w.label}: ${(w.requests / w.seconds).toFixed(1)} requests/s, errors ${[...w.errors.values()].reduce((a, b) => a + b, 0)}, longest event-loop stall ${w.maxStallMs.toFixed(0)} ms`,
  );
  for (const [kind, ts] of w.times) {
    ts.sort((a, b) => a - b);
    console.log(
      `  ${kind.padEnd(14)} n=${String(ts.length).padStart(5)}  p50 ${percentile(ts, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(ts, 95).toFixed(0).padStart(5)} ms  p99 ${percentile(ts, 99).toFixed(0).padStart(5)} ms`,
    );
  }
  for (const [reason, count] of w.errors) console.log(`  error ×${count}: ${reason}`);
}

async function main() {
  const file = path.resolve(`data/bench-files/load-import-${ROWS}.csv`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    generatePmta(file, ROWS, { prefix: "load." });
  }
  const stallFile = path.resolve(`data/bench-load-${values.port}.loop`);
  fs.rmSync(stallFile, { force: true });
  process.env.REBOUND_LOOP_REPORT = stallFile;
  const server = await startServer(Number(values.port), "load", (dbFile) => loadSubscribers(dbFile, SUBSCRIBERS));
  let walPeak = 0;
  const walSampler = setInterval(() => {
    try {
      walPeak = Math.max(walPeak, fs.statSync(`${server.dbFile}-wal`).size);
    } catch {
      // no WAL yet
    }
  }, 100);
  try {
    const { base, token } = server;
    console.log(`── bench:load: ${SUBSCRIBERS} subscribers, ${CLIENTS} clients, ${SECONDS} s per phase, import of ${ROWS} new addresses ──`);
    await runClients(base, token, "warm-up", 5, stallFile);
    const baseline = await runClients(base, token, "baseline, no import", SECONDS, stallFile);
    report(baseline);

    // The clients start first: the upload itself competes with them, as a person's would.
    const duringClients = runClients(base, token, "during the import", SECONDS, stallFile);
    const t0 = performance.now();
    const upload = await uploadFile(server, file);
    const uploadSeconds = (performance.now() - t0) / 1000;
    if (upload.status !== 202) {
      // The server's own account of it, before the run's folder is removed.
      const log = fs.readFileSync(path.join(path.dirname(server.dbFile), "server.log"), "utf8");
      console.error(log.split("\n").slice(-40).join("\n"));
      throw new Error(`upload answered ${upload.status}: ${await upload.text()}`);
    }
    const { id } = (await upload.json()) as { id: string };
    let importSeconds = NaN;
    const watch = (async () => {
      for (;;) {
        const res = await fetch(`${base}/api/imports/${id}`, { headers: { authorization: `Bearer ${token}` } });
        const row = (await res.json()) as { status: string };
        if (row.status === "done" || row.status === "failed") {
          importSeconds = (performance.now() - t0) / 1000;
          return row.status;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const during = await duringClients;
    const status = await watch;
    report(during);
    const mb = fs.statSync(file).size / 1048576;
    console.log(
      `\nimport: ${status} in ${importSeconds.toFixed(1)} s (upload to done, under load); the upload of ${mb.toFixed(0)} MB took ${uploadSeconds.toFixed(1)} s`,
    );

    // Every tick the server acknowledged is in the database as the client last set it.
    const db = new Database(server.dbFile, { readonly: true });
    const stored = db.prepare("SELECT done FROM TaskState WHERE scope = ? AND target = ? AND category = ? AND step = ?").pluck();
    let lost = 0;
    for (const [task, done] of acknowledged) {
      const [scope, target, category, step] = task.split("~");
      if (Boolean(stored.get(scope, target, category, step) ?? 0) !== done) lost++;
    }
    const dbBytes = fs.statSync(server.dbFile).size;
    db.close();

    const p95 = (w: Window) =>
      percentile(
        [...w.times.values()].flat().sort((a, b) => a - b),
        95,
      );
    const errors = [baseline, during].reduce((n, w) => n + [...w.errors.values()].reduce((a, b) => a + b, 0), 0);
    const ratio = p95(during) / p95(baseline);
    const checks: [string, boolean][] = [
      [`0 errors (${errors})`, errors === 0],
      [`p95 during the import ≤ 3x without (${p95(during).toFixed(0)} / ${p95(baseline).toFixed(0)} ms = ${ratio.toFixed(2)}x)`, ratio <= 3],
      [`no event-loop stall over 250 ms (${during.maxStallMs.toFixed(0)} ms)`, during.maxStallMs <= 250],
      [`every acknowledged tick kept (${acknowledged.size - lost}/${acknowledged.size})`, lost === 0],
      [`WAL never over the database's size (peak ${(walPeak / 1048576).toFixed(0)} MB, database ${(dbBytes / 1048576).toFixed(0)} MB)`, walPeak <= dbBytes],
    ];
    console.log("\ntargets:");
    for (const [text, ok] of checks) console.log(`  ${ok ? "met   " : "MISSED"} ${text}`);
  } finally {
    clearInterval(walSampler);
    await server.stop();
    if (!values.keep) fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
