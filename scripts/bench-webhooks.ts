/**
 * `npm run bench:webhooks` — webhook acknowledgement under a steady stream: a `next start` of its
 * own on a fresh database, two sources (Postmark: Basic auth, the cheapest check; SendGrid: an ECDSA
 * P-256 signature over each body, the costliest), then --rate requests/s for --seconds, alternating
 * between them, each a small batch of bounce and delivery events with unique ids, while the server
 * imports them (a pass every few seconds into the day's rolling import). Beside it, a same-run
 * baseline: `GET /api/health` alone at the same rate, just before (with --with-health, also at the
 * same time as the stream: twice the requests). Prints ack latency p50/p95/p99 of both (target:
 * p95 ≤ 50 ms) and the load average. Then every batch is delivered twice more (as a
 * platform retrying would), and the database must hold exactly one bounce per bounce event sent:
 * 0 lost, 0 doubled.
 *
 *   tsx scripts/bench-webhooks.ts [--seconds 60] [--rate 200] [--port 3187] [--with-health] [--keep]
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../lib/webhooks/verify/sendgrid";
import { percentile, startServer, type BenchServer } from "./bench/server";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    rate: { type: "string", default: "200" },
    port: { type: "string", default: "3187" },
    keep: { type: "boolean", default: false },
    "with-health": { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
/** Bounce events per request (plus one delivery): a platform's small batch. */
const BOUNCES_PER_REQUEST = 3;
/** Redeliveries in flight at once: sent as fast as the server takes them. */
const REDELIVERY_CONCURRENCY = 16;
/** How long the imports may take to catch up after the stream, before the benchmark gives up. */
const CATCH_UP_MS = 300_000;

/** CPU seconds (user + system) a process has used, all its threads (the import thread too). */
function cpuSeconds(pid: number | null): number {
  if (pid === null) return NaN;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s on Linux)
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

/** One request to the server: status and milliseconds from send to the end of the answer. */
function request(base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; ms: number }> {
  const start = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      `${base}${path}`,
      { method, agent, headers: body ? { ...headers, "content-length": String(Buffer.byteLength(body)) } : headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }));
      },
    );
    req.on("error", () => resolve({ status: 0, ms: performance.now() - start }));
    req.end(body);
  });
}

const REPLIES = [
  ["5.1.1", "550 5.1.1 <{email}>: Recipient address rejected: User unknown"],
  ["5.2.2", "552 5.2.2 Mailbox full"],
  ["5.7.1", "550 5.7.1 Message rejected as spam by the content filter"],
  ["4.4.7", "421 4.4.7 Message expired after too many retries"],
] as const;

interface Batch {
  provider: "postmark" | "sendgrid";
  body: string;
}

/** Batch n: BOUNCES_PER_REQUEST bounces to addresses of their own, and a delivery; ids unique across the run. */
function makeBatch(n: number): Batch {
  const now = new Date();
  if (n % 2 === 0) {
    const events: object[] = [];
    for (let j = 0; j < BOUNCES_PER_REQUEST; j++) {
      const email = `pm${n}-${j}@bench${n % 97}.example`;
      const [status, reply] = REPLIES[(n + j) % REPLIES.length];
      events.push({
        RecordType: "Bounce",
        MessageStream: "outbound",
        ID: n * 10 + j,
        Type: status.startsWith("4") ? "SoftBounce" : "HardBounce",
        TypeCode: status.startsWith("4") ? 4096 : 1,
        Email: email,
        BouncedAt: now.toISOString(),
        Details: `smtp;${reply.replace("{email}", email)}`,
      });
    }
    events.push({
      RecordType: "Delivery",
      MessageStream: "outbound",
      ID: n * 10 + 9,
      MessageID: `bench-${n}`,
      Recipient: `ok${n}@bench.example`,
      DeliveredAt: now.toISOString(),
    });
    return { provider: "postmark", body: JSON.stringify(events) };
  }
  const ts = Math.floor(now.getTime() / 1000);
  const events: object[] = [];
  for (let j = 0; j < BOUNCES_PER_REQUEST; j++) {
    const email = `sg${n}-${j}@bench${n % 89}.example`;
    const [status, reply] = REPLIES[(n + j) % REPLIES.length];
    events.push({ email, timestamp: ts, event: "bounce", type: "bounce", status, reason: reply.replace("{email}", email), sg_event_id: `bench-${n}-${j}` });
  }
  events.push({ email: `ok${n}@bench.example`, timestamp: ts, event: "delivered", sg_event_id: `bench-${n}-d` });
  return { provider: "sendgrid", body: JSON.stringify(events) };
}

interface Sources {
  postmark: { path: string; auth: string };
  sendgrid: { path: string; key: crypto.KeyObject };
}

async function createSources(server: BenchServer): Promise<Sources> {
  const api = async (body: object) => {
    const res = await fetch(`${server.base}/api/webhook-sources`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`creating a source: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; path: string; credentials: { user?: string; password?: string } | null };
  };
  const pm = await api({ provider: "postmark", name: "Bench Postmark" });
  const keys = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const sg = await api({ provider: "sendgrid", name: "Bench SendGrid", key: keys.publicKey.export({ type: "spki", format: "der" }).toString("base64") });
  return {
    postmark: { path: pm.path, auth: `Basic ${Buffer.from(`${pm.credentials!.user}:${pm.credentials!.password}`).toString("base64")}` },
    sendgrid: { path: sg.path, key: keys.privateKey },
  };
}

/** Sends one batch as its platform would: SendGrid's signed afresh (the signature carries the time). */
function deliver(server: BenchServer, sources: Sources, batch: Batch) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  let path: string;
  if (batch.provider === "postmark") {
    headers.authorization = sources.postmark.auth;
    path = sources.postmark.path;
  } else {
    const ts = String(Math.floor(Date.now() / 1000));
    headers[TIMESTAMP_HEADER] = ts;
    headers[SIGNATURE_HEADER] = crypto.sign("sha256", Buffer.concat([Buffer.from(ts), Buffer.from(batch.body)]), sources.sendgrid.key).toString("base64");
    path = sources.sendgrid.path;
  }
  return request(server.base, "POST", path.startsWith("/") ? path : new URL(path).pathname, headers, batch.body);
}

/**
 * An open loop: `count` rounds at RATE per second, each at its planned time whatever the answers
 * before it did (a platform does not wait either). Returns how far behind its schedule the client fell.
 */
async function openLoop(count: number, round: (n: number) => Promise<unknown>[]): Promise<number> {
  const pending: Promise<unknown>[] = [];
  const started = performance.now();
  let lateMs = 0;
  for (let n = 0; n < count; n++) {
    const wait = started + (n * 1000) / RATE - performance.now();
    if (wait > 1) await sleep(wait);
    else lateMs = Math.max(lateMs, -wait);
    pending.push(...round(n));
  }
  await Promise.all(pending);
  return lateMs;
}

function report(name: string, times: number[], errors: number): string {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (p: number) => percentile(sorted, p).toFixed(1).padStart(6);
  return `${name.padEnd(30)} n=${String(times.length).padStart(6)}  p50 ${f(50)} ms  p95 ${f(95)} ms  p99 ${f(99)} ms  max ${sorted.at(-1)?.toFixed(0) ?? "-"} ms  errors ${errors}`;
}

/** Waits until no bounce event waits and the bounces are all in; returns how long it took. */
async function caughtUp(db: Database.Database, expected: number): Promise<number> {
  const start = performance.now();
  const waiting = db.prepare("SELECT count(*) FROM WebhookEvent WHERE kind = 'bounce' AND processedAt IS NULL").pluck();
  const bounces = db.prepare("SELECT count(*) FROM Bounce").pluck();
  while ((waiting.get() as number) > 0 || (bounces.get() as number) < expected) {
    if (performance.now() - start > CATCH_UP_MS)
      throw new Error(`imports did not catch up in ${CATCH_UP_MS / 1000} s: ${waiting.get()} events waiting, ${bounces.get()} of ${expected} bounces`);
    await sleep(200);
  }
  return performance.now() - start;
}

async function main(): Promise<void> {
  console.log(
    `bench:webhooks  ${RATE} requests/s for ${SECONDS} s, ${BOUNCES_PER_REQUEST} bounces + 1 delivery each; load average at start ${load()} (${os.cpus().length} cores)`,
  );
  const server = await startServer(Number(values.port), "webhooks");
  const db = new Database(server.dbFile, { readonly: true });
  try {
    const sources = await createSources(server);
    // Warm-up: every route's modules load and the connections open before anything is timed (the
    // webhook routes with wrong credentials: refused and counted, nothing stored).
    for (let i = 0; i < 20; i++) {
      await request(server.base, "GET", "/api/health", {});
      await request(server.base, "POST", sources.postmark.path, { authorization: "Basic d2FybTp1cA==", "content-type": "application/json" }, "[]");
      await request(server.base, "POST", sources.sendgrid.path, { "content-type": "application/json" }, "[]");
    }
    const pid = server.serverPid();

    // The baseline alone first, at the same rate: what the server's thread spends on a bare request.
    const healthOnlyS = Math.min(10, Math.max(2, SECONDS / 6));
    const healthOnly: number[] = [];
    let healthOnlyErrors = 0;
    const cpuBefore = cpuSeconds(pid);
    await openLoop(Math.round(healthOnlyS * RATE), () => [
      request(server.base, "GET", "/api/health", {}).then(({ status, ms }) => (status === 200 ? healthOnly.push(ms) : healthOnlyErrors++)),
    ]);
    const healthCpuMs = ((cpuSeconds(pid) - cpuBefore) * 1000) / healthOnly.length;

    const batches: Batch[] = [];
    const hookTimes: number[] = [];
    const healthTimes: number[] = [];
    let hookErrors = 0;
    let healthErrors = 0;
    const loadDuring: string[] = [];
    const loadTimer = setInterval(() => loadDuring.push(load()), 15_000);
    const cpuStream = cpuSeconds(pid);
    const started = performance.now();
    const lateMs = await openLoop(Math.round(SECONDS * RATE), (n) => {
      const batch = makeBatch(n);
      batches.push(batch);
      const hook = deliver(server, sources, batch).then(({ status, ms }) => (status === 200 ? hookTimes.push(ms) : hookErrors++));
      if (!values["with-health"]) return [hook];
      return [hook, request(server.base, "GET", "/api/health", {}).then(({ status, ms }) => (status === 200 ? healthTimes.push(ms) : healthErrors++))];
    });
    clearInterval(loadTimer);
    const streamS = (performance.now() - started) / 1000;
    const sent = batches.length * BOUNCES_PER_REQUEST;
    const catchUpMs = await caughtUp(db, sent);
    // Everything the server did for the stream, its imports included, less the health requests' share.
    const hookCpuMs = ((cpuSeconds(pid) - cpuStream) * 1000 - healthCpuMs * healthTimes.length) / batches.length;
    const loadAfter = load();

    console.log(`\nbaseline alone: ${report("GET /api/health", healthOnly, healthOnlyErrors)}; server CPU ${healthCpuMs.toFixed(2)} ms a request`);
    console.log(
      `stream: ${batches.length} requests in ${streamS.toFixed(1)} s (${(batches.length / streamS).toFixed(0)}/s answered), ${sent} bounce events; client at most ${lateMs.toFixed(0)} ms behind its schedule`,
    );
    console.log(report("webhook ack (Postmark+SendGrid)", hookTimes, hookErrors));
    if (healthTimes.length || healthErrors) console.log(report("baseline GET /api/health", healthTimes, healthErrors));
    console.log(`server CPU per webhook request, its import included: ${hookCpuMs.toFixed(2)} ms (health's ${healthCpuMs.toFixed(2)} ms taken off)`);
    const p95 = percentile(
      [...hookTimes].sort((a, b) => a - b),
      95,
    );
    console.log(`ack p95 ${p95.toFixed(1)} ms: ${p95 <= 50 ? "meets" : "misses"} the 50 ms target`);
    console.log(`imports caught up ${(catchUpMs / 1000).toFixed(1)} s after the last request`);
    console.log(`load average (1/5/15 min) during the stream: ${loadDuring.join("; ") || "-"}; after: ${loadAfter}`);

    // Every batch twice more: the platform retrying. Nothing may be added.
    const redelivered = { ok: 0, duplicate: 0, errors: 0 };
    const again = batches.flatMap((b) => [b, b]);
    let next = 0;
    await Promise.all(
      Array.from({ length: REDELIVERY_CONCURRENCY }, async () => {
        while (next < again.length) {
          const { status } = await deliver(server, sources, again[next++]);
          if (status === 200) redelivered.ok++;
          else redelivered.errors++;
        }
      }),
    );
    await sleep(5000); // a processing pass would start 3 s after a request that brought something new
    await caughtUp(db, sent);
    const stored = db.prepare("SELECT count(*) AS bounces, count(DISTINCT dedupeKey) AS distinctKeys FROM Bounce").get() as {
      bounces: number;
      distinctKeys: number;
    };
    const subscribers = db.prepare("SELECT count(*) AS n, sum(bounceCount) AS bounces FROM Subscriber").get() as { n: number; bounces: number };
    const imports = db.prepare("SELECT fileName, passes, accepted, duplicates, rows FROM Import WHERE appendTo IS NULL ORDER BY fileName").all() as {
      fileName: string;
      passes: number;
      accepted: number;
      duplicates: number;
      rows: number;
    }[];
    const lost = sent - stored.distinctKeys;
    const doubled = stored.bounces - stored.distinctKeys;
    console.log(`\nredelivered every batch twice: ${redelivered.ok} answered 200, ${redelivered.errors} errors`);
    console.log(
      `bounces sent ${sent}, stored ${stored.bounces} (${subscribers.n} subscribers, ${subscribers.bounces} bounces counted on them): lost ${lost}, doubled ${doubled}`,
    );
    for (const i of imports) console.log(`  import "${i.fileName}": ${i.passes} passes, ${i.rows} rows, ${i.accepted} accepted, ${i.duplicates} duplicates`);
    const exact = lost === 0 && doubled === 0 && stored.bounces === sent && subscribers.bounces === sent && redelivered.errors === 0;
    console.log(exact ? "0 lost, 0 duplicate bounces: the database holds every event sent, once" : "MISMATCH: see the counts above");
    console.log(`load average at the end ${load()}`);
    if (!exact || hookErrors > 0) process.exitCode = 1;
  } finally {
    db.close();
    await server.stop();
    if (!values.keep) fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
