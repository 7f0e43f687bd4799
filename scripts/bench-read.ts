/**
 * `npm run bench:read` — the read benchmark: 1,000,000 subscribers (direct SQL inserts into a
 * fresh database, one bounce each), a `next start` of its own, then for each endpoint a bounded loop
 * of concurrent fetches to 127.0.0.1 (default 4 at a time for 10 s) printing p50/p95/p99 and errors;
 * then the streamed CSV export of a 100,000-row category (time, bytes, server RSS).
 *
 *   tsx scripts/bench-read.ts [--subscribers 1000000] [--seconds 10] [--concurrency 4] [--port 3182] [--keep]
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { memoryOf, percentile, startServer } from "./bench/server";
import { CATEGORIES, loadSubscribers } from "./bench/subscribers-db";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "1000000" },
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "4" },
    port: { type: "string", default: "3182" },
    keep: { type: "boolean", default: false },
  },
});
const N = Number(values.subscribers);
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);

const line = (name: string, times: number[], errors: number) =>
  `${name.padEnd(28)} n=${String(times.length).padStart(5)}  p50 ${percentile(times, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(times, 95).toFixed(0).padStart(5)} ms  p99 ${percentile(times, 99).toFixed(0).padStart(5)} ms  errors ${errors}`;

/** `kind` names a sub-group of the URLs (e.g. their sort) to print its own percentiles below the total. */
async function measure(base: string, token: string, name: string, urls: string[], target?: number, kind?: (url: string) => string) {
  const times: number[] = [];
  const byKind = new Map<string, number[]>();
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  let next = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const url = urls[next++ % urls.length];
      const t = performance.now();
      try {
        const res = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (!res.ok) errors++;
      } catch {
        errors++;
      }
      const dt = performance.now() - t;
      times.push(dt);
      if (kind) {
        const k = kind(url);
        if (!byKind.has(k)) byKind.set(k, []);
        byKind.get(k)!.push(dt);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  times.sort((a, b) => a - b);
  const row = { endpoint: name, requests: times.length, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), errors, target };
  console.log(line(name, times, errors));
  for (const [k, ts] of byKind)
    console.log(
      line(
        `  ${k}`,
        ts.sort((a, b) => a - b),
        0,
      ).replace(/ {2}errors 0$/, ""),
    );
  return row;
}

async function main() {
  const server = await startServer(Number(values.port), "read", (dbFile) => loadSubscribers(dbFile, N));
  try {
    const { base, token } = server;
    const cats = CATEGORIES.slice(0, 6);
    const warm = async (u: string) => (await fetch(base + u, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
    await warm("/api/categories");
    await warm("/");
    console.log(`\n── bench:read: ${N} subscribers, ${CONCURRENCY} concurrent, ${SECONDS} s per endpoint ──`);
    const rows = [];
    // Same-run baseline: the server's floor under the same load (HTTP, routing, one trivial query).
    const baseline = await measure(base, token, "baseline /api/health", ["/api/health"]);
    rows.push(baseline);
    const sortOf = (url: string) => `sort=${new URL(url, base).searchParams.get("sort")}`;
    rows.push(
      await measure(
        base,
        token,
        "category page data (API)",
        cats.flatMap((c) => [
          `/api/subscribers?category=${c}&sort=-lastBouncedAt&page=1&pageSize=50`,
          `/api/subscribers?category=${c}&sort=email&page=3&pageSize=50`,
          `/api/subscribers?category=${c}&sort=domain&page=2&pageSize=50`,
        ]),
        100,
        sortOf,
      ),
    );
    rows.push(
      await measure(
        base,
        token,
        "category page (HTML)",
        cats.map((c) => `/categories/${c}`),
      ),
    );
    rows.push(await measure(base, token, "overview /api/categories", ["/api/categories"], 150));
    rows.push(await measure(base, token, "overview / (HTML)", ["/"], 150));
    rows.push(
      await measure(
        base,
        token,
        "search email prefix",
        Array.from({ length: 20 }, (_, i) => `/api/subscribers?q=user${1000 + i * 37}&pageSize=50`),
        100,
      ),
    );
    rows.push(
      await measure(
        base,
        token,
        "search domain",
        Array.from({ length: 20 }, (_, i) => `/api/subscribers?q=company${i * 211}.example&pageSize=50`),
        100,
      ),
    );
    rows.push(
      await measure(
        base,
        token,
        "search in category",
        Array.from({ length: 20 }, (_, i) => `/api/subscribers?category=bad-mailbox&q=company${i * 50}.example&pageSize=50`),
        100,
      ),
    );

    // Export of the 100,000-row category, streamed.
    const pid = server.serverPid();
    const before = pid ? memoryOf(pid) : null;
    let peak = before?.rss ?? 0;
    const sampler = setInterval(() => {
      const m = pid ? memoryOf(pid) : null;
      if (m) peak = Math.max(peak, m.rss);
    }, 50);
    const t = performance.now();
    const res = await fetch(`${base}/api/subscribers/export?category=bad-mailbox`, { headers: { authorization: `Bearer ${token}` } });
    let bytes = 0;
    let lines = 0;
    let first = -1;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (first < 0) first = performance.now() - t;
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    clearInterval(sampler);
    console.log(
      `export bad-mailbox: status ${res.status}, ${lines - 1} rows, ${(bytes / 1048576).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(2)} s (first byte ${first.toFixed(0)} ms); server RSS ${before?.rss.toFixed(0)} → peak ${peak.toFixed(0)} MB`,
    );
    const errors = rows.reduce((n, r) => n + r.errors, 0);
    console.log(`errors: ${errors}   baseline p95 ${baseline.p95.toFixed(0)} ms   targets: category data p95 ≤ 100 ms, overview ≤ 150 ms, search ≤ 100 ms`);
    const missed = rows.filter((r) => r.target !== undefined && !(r.p95 <= r.target));
    console.log(missed.length ? `missed: ${missed.map((r) => `${r.endpoint} p95 ${r.p95.toFixed(0)} > ${r.target} ms`).join("; ")}` : "all p95 targets met");
  } finally {
    await server.stop();
    if (!values.keep) fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
