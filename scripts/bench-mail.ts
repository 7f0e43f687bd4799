/**
 * `npm run bench:mail` — how fast bounce emails are read: an mbox of generated, varied messages
 * (test/helpers/mail-families.ts: every family, 1–3 recipients, several encodings; default 100,000),
 * read whole by Rebound's mail reader (splitting, MIME, DSN fields, text extractors) beside a
 * same-run baseline: postal-mime parsing the same messages and nothing else. Targets: ≥ 2,000 msgs/s,
 * ≤ 2× the baseline's time.
 *
 *   tsx scripts/bench-mail.ts [--messages 100000] [--import] [--port 3415]
 *
 * With --import, the mbox is also uploaded over HTTP to a real server of its own (scripts/bench/server.ts)
 * and the import polled to its end: time and the server's peak RSS (targets ≤ 60 s, ≤ 400 MB).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import PostalMime from "postal-mime";
import { openBounceFile } from "../lib/formats/open";
import { generatedMail } from "../test/helpers/mail-families";
import { makeMbox } from "../test/helpers/make-mbox";
import { memoryOf, startServer, uploadFile } from "./bench/server";

/** The generator repeats after this many messages (up to their recipients' domains); the baseline parses them from a cache. */
const DISTINCT = 17 * 97;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function writeMbox(file: string, count: number): void {
  const fd = fs.openSync(file, "w");
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, k) => generatedMail(start + k));
    fs.writeSync(fd, makeMbox(batch));
  }
  fs.closeSync(fd);
}

async function importOverHttp(file: string, port: number): Promise<void> {
  const server = await startServer(port, "mail");
  try {
    const pid = server.serverPid();
    let peak = 0;
    const sampler = setInterval(() => {
      const m = pid ? memoryOf(pid) : null;
      if (m) peak = Math.max(peak, m.hwm, m.rss);
    }, 100);
    const startedAt = Date.now();
    const res = await uploadFile(server, file);
    if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    let last: Record<string, unknown> = {};
    for (;;) {
      last = (await (await fetch(`${server.base}/api/imports/${id}`, { headers: { authorization: `Bearer ${server.token}` } })).json()) as Record<
        string,
        unknown
      >;
      if (last.status === "done" || last.status === "failed" || last.status === "needs_mapping") break;
      await sleep(1000);
    }
    clearInterval(sampler);
    const m = pid ? memoryOf(pid) : null;
    if (m) peak = Math.max(peak, m.hwm, m.rss);
    const finishedAt = typeof last.finishedAt === "string" ? Date.parse(last.finishedAt) : Date.now();
    const seconds = (finishedAt - startedAt) / 1000;
    console.log(
      `import over HTTP: ${last.status} in ${seconds.toFixed(1)} s (target ≤ 60 s), ${last.rows} rows, ${last.accepted} accepted, ${last.rejected} rejected; server peak RSS ${peak.toFixed(0)} MB (target ≤ 400 MB)${last.error ? ` — ${last.error}` : ""}`,
    );
  } finally {
    await server.stop();
  }
}

async function main() {
  const { values } = parseArgs({
    options: { messages: { type: "string", default: "100000" }, import: { type: "boolean", default: false }, port: { type: "string", default: "3415" } },
  });
  const count = Number(values.messages);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-bench-mail-"));
  const file = path.join(dir, "bench.mbox");
  try {
    writeMbox(file, count);
    console.log(`${count} generated messages, ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB mbox (machine shared with other jobs: figures vary)`);
    const distinct = Array.from({ length: Math.min(DISTINCT, count) }, (_, n) => generatedMail(n));

    let t = performance.now();
    for (let n = 0; n < count; n++) {
      await PostalMime.parse(distinct[n % distinct.length], { forceRfc822Attachments: true, attachmentEncoding: "arraybuffer", maxNestingDepth: 24 }).catch(
        () => null,
      );
    }
    const base = (performance.now() - t) / 1000;
    console.log(`baseline, postal-mime parse alone: ${Math.round(count / base)} msgs/s (${base.toFixed(1)} s)`);

    t = performance.now();
    let rows = 0;
    for await (const b of (await openBounceFile(file)).batches) rows += b.rows.length;
    const whole = (performance.now() - t) / 1000;
    console.log(`mail reader (split, parse, DSN and text): ${Math.round(count / whole)} msgs/s (${whole.toFixed(1)} s), ${rows} rows (target ≥ 2,000 msgs/s)`);
    console.log(`reader / baseline time: ${(whole / base).toFixed(2)}x (target ≤ 2x)`);

    if (values.import) await importOverHttp(file, Number(values.port));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
