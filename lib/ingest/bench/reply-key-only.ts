/**
 * Computes the reply key (or, for comparison, the classification) of every reply of a file RUNS
 * times, for scripts/bench/count-instructions.mjs: what an import pays per row for team corrections.
 * Usage: tsx lib/ingest/bench/reply-key-only.ts FILE RUNS [key|classify=key]
 */
import { classify } from "../../classify";
import { replyKey } from "../../classify/reply-key";
import { bounceTuple } from "../pipeline/prepare";
import { openPreparedFile } from "../pipeline/prepared-source";

async function main(): Promise<void> {
  const [file, runs = "1", what = "key"] = process.argv.slice(2);
  const opened = await openPreparedFile(file, { batchSize: 10_000, uploadedAtMs: Date.now(), worker: false });
  const replies: { status: string | null; code: number | null; text: string | null }[] = [];
  const tuple = bounceTuple();
  for await (const b of opened.batches) {
    for (let i = 0; i < b.bounceCount; i++) {
      const t = b.bounce(i, tuple);
      replies.push({ status: t[11], code: t[12], text: t[13] });
    }
  }
  let n = 0;
  for (let run = 0; run < Number(runs); run++) {
    for (const r of replies)
      n +=
        what === "key"
          ? replyKey(r.text).length
          : what === "none"
            ? (r.text?.length ?? 0)
            : classify({ status: r.status, replyCode: r.code, diagnostic: r.text }).category.length;
  }
  if (n < 0) console.log(n);
}

void main();
