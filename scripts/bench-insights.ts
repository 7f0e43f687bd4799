/**
 * Insights query latency on 1,000,000 bounces:
 *   tsx --conditions=react-server scripts/bench-insights.ts [--bounces N] [--runs N] [--keep]
 * (`react-server` lets lib/queries load outside Next, where "server-only" would throw.)
 *
 * Builds a temporary SQLite file with the real migrations, fills it with raw prepared inserts in big
 * transactions (weekly campaign imports over a year, Zipf-like recipient domains), then times every
 * insights query and the whole page's data over several filters, interleaved with a same-run
 * baseline (`SELECT count(*) FROM Bounce`). Prints p50/p95 in milliseconds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createMigratedDatabase } from "../lib/db/migration-files";
import { CATEGORIES, type CategoryCode } from "../lib/categories";
import { chooseBucket } from "../lib/insights/buckets";
import { DAY_MS, resolveFilters, type InsightsParams, insightsParamsSchema } from "../lib/insights/filters";
import {
  getInsights,
  queryBounceBuckets,
  queryBounceCount,
  queryBounceSpan,
  queryDoneTicks,
  queryImportCategories,
  querySubscriberCategories,
  queryTopDomains,
} from "../lib/queries/insights";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}
const BOUNCES = arg("bounces", 1_000_000);
const RUNS = arg("runs", 15);
const SUBSCRIBERS = Math.round(BOUNCES * 0.4);
const IMPORTS = 52;
const DOMAINS = 5000;
const NOW = Date.now();

// Deterministic pseudo-random numbers, so two runs measure the same data.
let seed = 42;
const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const zipf = (n: number) => Math.min(n - 1, Math.floor(n ** rand()) - 1);

function build(file: string): Database.Database {
  createMigratedDatabase(file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const t0 = performance.now();
  const weights = CATEGORIES.map((c, i) => (c.code === "bad-mailbox" ? 30 : c.code === "quota-issues" ? 15 : 16 - i * 0.8));
  const totalW = weights.reduce((a, b) => a + b, 0);
  const pickCategory = () => {
    let x = rand() * totalW;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
    return weights.length - 1;
  };
  const importIds = Array.from({ length: IMPORTS }, (_, k) => `imp-${String(k).padStart(3, "0")}-${"x".repeat(20)}`);
  const importAt = importIds.map((_, k) => NOW - (IMPORTS - k) * 7 * DAY_MS + 3_600_000);
  const insImport = db.prepare(
    `INSERT INTO Import (id, fileName, storedPath, sha256, size, format, status, rows, accepted, createdAt) VALUES (?, ?, ?, ?, 1, 'powermta', 'done', 0, 0, ?)`,
  );
  db.transaction(() => {
    for (const [k, id] of importIds.entries()) insImport.run(id, `campaign-week-${k + 1}.csv`, `/tmp/${id}`, "0".repeat(64), importAt[k] + 4 * DAY_MS);
  })();

  // Bounces first in memory (typed arrays), so each subscriber row can carry its latest bounce.
  const bSub = new Int32Array(BOUNCES),
    bCat = new Uint8Array(BOUNCES),
    bImp = new Uint8Array(BOUNCES),
    bAt = new Float64Array(BOUNCES);
  const sLast = new Float64Array(SUBSCRIBERS),
    sFirst = new Float64Array(SUBSCRIBERS).fill(Infinity),
    sCat = new Uint8Array(SUBSCRIBERS),
    sImp = new Uint8Array(SUBSCRIBERS),
    sCount = new Int32Array(SUBSCRIBERS);
  for (let i = 0; i < BOUNCES; i++) {
    const imp = Math.floor((i / BOUNCES) * IMPORTS);
    const sub = Math.floor(rand() * SUBSCRIBERS);
    const at = importAt[imp] + Math.floor(rand() * 3 * DAY_MS);
    const cat = pickCategory();
    (bSub[i] = sub), (bCat[i] = cat), (bImp[i] = imp), (bAt[i] = at);
    sCount[sub]++;
    if (at < sFirst[sub]) sFirst[sub] = at;
    if (at >= sLast[sub]) (sLast[sub] = at), (sCat[sub] = cat), (sImp[sub] = imp);
  }
  const statuses = ["open", "open", "open", "open", "open", "open", "in_progress", "in_progress", "recovered", "unrecoverable"];
  const insSub =
    db.prepare(`INSERT INTO Subscriber (id, email, domain, name, category, ruleCategory, status, firstBouncedAt, lastBouncedAt, bounceCount, lastImportId, updatedAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const CHUNK = 50_000;
  for (let start = 0; start < SUBSCRIBERS; start += CHUNK) {
    db.transaction(() => {
      for (let s = start; s < Math.min(SUBSCRIBERS, start + CHUNK); s++) {
        if (sCount[s] === 0) continue;
        const domain = `domain${zipf(DOMAINS)}.example.com`;
        const code = CATEGORIES[sCat[s]].code;
        insSub.run(
          s + 1,
          `person.${s}@${domain}`,
          domain,
          `Person ${s}`,
          code,
          code,
          statuses[Math.floor(rand() * statuses.length)],
          sFirst[s],
          sLast[s],
          sCount[s],
          importIds[sImp[s]],
          NOW,
        );
      }
    })();
  }
  const insBounce =
    db.prepare(`INSERT INTO Bounce (subscriberId, importId, line, occurredAt, category, categorySource, ruleId, ruleCategory, dsnStatus, replyCode, diagnostic, remoteMta, dedupeKey)
    VALUES (?, ?, ?, ?, ?, 'export', 'export', ?, '5.1.1', 550, ?, ?, ?)`);
  const diag = (code: CategoryCode) => `smtp;550 5.1.1 <someone@example.com>: Recipient address rejected (${code}): User unknown in virtual mailbox table`;
  for (let start = 0; start < BOUNCES; start += CHUNK) {
    db.transaction(() => {
      for (let i = start; i < Math.min(BOUNCES, start + CHUNK); i++) {
        const code = CATEGORIES[bCat[i]].code;
        insBounce.run(bSub[i] + 1, importIds[bImp[i]], i + 2, bAt[i], code, code, diag(code), "mx.example.com", i);
      }
    })();
  }
  // People tick things: a few thousand done steps, like a team after months of work.
  const insTick = db.prepare(
    `INSERT OR IGNORE INTO TaskState (scope, target, category, step, done, doneAt, doneBy, updatedAt) VALUES (?, ?, ?, ?, 1, ?, 'bench', ?)`,
  );
  db.transaction(() => {
    for (let k = 0; k < 3000; k++) {
      const s = Math.floor(rand() * SUBSCRIBERS);
      const cat = CATEGORIES[sCat[s]];
      insTick.run("subscriber", String(s + 1), cat.code, cat.steps[0], NOW, NOW);
      insTick.run("domain", `domain${zipf(DOMAINS)}.example.com`, cat.code, cat.steps[cat.steps.length - 1], NOW, NOW);
    }
  })();
  const count = db.prepare("SELECT count(*) FROM Bounce").pluck().get() as number;
  const subs = db.prepare("SELECT count(*) FROM Subscriber").pluck().get() as number;
  console.log(
    `built ${count.toLocaleString("en")} bounces, ${subs.toLocaleString("en")} subscribers, ${IMPORTS} imports in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return db;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-bench-insights-"));
const db = build(path.join(dir, "bench.db"));
const imports3 = db.prepare("SELECT id FROM Import ORDER BY createdAt DESC LIMIT 3").pluck().all() as string[];
const today = new Date(NOW).toISOString().slice(0, 10);
const halfYearAgo = new Date(NOW - 182 * DAY_MS).toISOString().slice(0, 10);

const SCENARIOS: { name: string; params: Partial<InsightsParams> }[] = [
  { name: "all time", params: { range: "all" } },
  { name: "last 7 days", params: { range: "7" } },
  { name: "last 30 days", params: { range: "30" } },
  { name: "last 90 days, our side", params: { range: "90", group: "sender" } },
  { name: "all time, 3 imports", params: { range: "all", imports: imports3 } },
  { name: "custom 6 months, bad-mailbox", params: { range: "custom", from: halfYearAgo, to: today, category: "bad-mailbox", domainCategory: "bad-mailbox" } },
  { name: "all time, by week, hard", params: { range: "all", group: "address", bucket: "week" } },
];

const rows: string[][] = [];
const baseline: number[] = [];
for (const sc of SCENARIOS) {
  const params = insightsParamsSchema.parse(sc.params);
  const f = resolveFilters(params, NOW);
  const span =
    f.current.from !== null && f.current.to !== null
      ? { first: Math.floor(f.current.from / DAY_MS), last: Math.floor(f.current.to / DAY_MS) - 1 }
      : queryBounceSpan(db, f)!;
  const bucket = chooseBucket(f.bucket, span.first, span.last);
  const queries: Record<string, () => unknown> = {
    "bounce span": () => queryBounceSpan(db, f),
    [`bounces per ${bucket}`]: () => queryBounceBuckets(db, f, span.first, span.last),
    "bounce count (prev)": () => (f.previous ? queryBounceCount(db, f.previous, f) : queryBounceCount(db, f.current, f)),
    "subscribers per category (+prev)": () => querySubscriberCategories(db, f.previous ? [f.current, f.previous] : [f.current], f),
    "done ticks": () => queryDoneTicks(db, f.current, f),
    "top domains": () => queryTopDomains(db, f, f.domainCategory),
    "imports x category": () => queryImportCategories(db, f),
    "ALL (getInsights)": () => getInsights(params, db, NOW),
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(queries).map((k) => [k, []]));
  for (const fn of Object.values(queries)) fn(); // warm the page cache and statement cache
  for (let run = 0; run < RUNS; run++) {
    baseline.push(time(() => db.prepare("SELECT count(*) FROM Bounce").pluck().get()));
    for (const [k, fn] of Object.entries(queries)) samples[k].push(time(fn));
  }
  for (const [k, xs] of Object.entries(samples)) rows.push([sc.name, k, pct(xs, 50).toFixed(1), pct(xs, 95).toFixed(1)]);
}
const w = [32, 26, 8, 8];
const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(" ");
console.log(line(["filter", "query", "p50 ms", "p95 ms"]));
for (const r of rows) console.log(line(r));
console.log(line(["baseline", "SELECT count(*) FROM Bounce", pct(baseline, 50).toFixed(1), pct(baseline, 95).toFixed(1)]));
const worst = Math.max(...rows.filter((r) => r[1].startsWith("ALL")).map((r) => Number(r[3])));
console.log(`worst p95 of the whole insights data: ${worst.toFixed(1)} ms (budget 300 ms)`);
db.close();
if (!process.argv.includes("--keep")) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
