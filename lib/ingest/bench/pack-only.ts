/**
 * Packing prepared rows for the trip to the writer's thread (lib/ingest/fast/packed-batch.ts) alone: the
 * rows of FILE are prepared in this thread first, then packed REPS times in batches of 10,000, and
 * only the packing is timed. For A/B runs of the packer, best counted in instructions:
 *   node scripts/bench/count-instructions.mjs 100000 lib/ingest/bench/pack-only.ts data/bench-files/pmta-100000.csv {runs}
 * Usage: tsx lib/ingest/bench/pack-only.ts FILE [REPS=15]
 */
import type { KeyHashes } from "../pipeline/dedupe";
import { PackedBatchBuilder, PackedBufferPool, packedBuffers } from "../fast/packed-batch";
import { bounceTuple, HASHES_PER_BOUNCE, type PreparedBounce } from "../pipeline/prepare";
import { openPreparedFile } from "../pipeline/prepared-source";

async function main() {
  const [file, repsArg = "15"] = process.argv.slice(2);
  if (!file) throw new Error("Usage: tsx lib/ingest/bench/pack-only.ts FILE [REPS=15]");
  const opened = await openPreparedFile(file, { batchSize: 10_000, uploadedAtMs: 0, worker: false });
  const rows: [PreparedBounce, KeyHashes][] = [];
  for await (const b of opened.batches) {
    for (let i = 0; i < b.bounceCount; i++) {
      const at = i * HASHES_PER_BOUNCE;
      const h = { email: b.hashes[at], keyHi: b.hashes[at + 1], keyLo: b.hashes[at + 2] };
      rows.push([[...b.bounce(i, bounceTuple())] as PreparedBounce, h]);
    }
  }
  const pool = new PackedBufferPool();
  const times: number[] = [];
  for (let r = 0; r < Number(repsArg); r++) {
    const t = performance.now();
    for (let from = 0; from < rows.length; from += 10_000) {
      const builder = new PackedBatchBuilder(pool, 10_000);
      for (let i = from; i < from + 10_000 && i < rows.length; i++) builder.bounce(rows[i][0], rows[i][1]);
      pool.give(packedBuffers(builder.finish(0)));
    }
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mid = times[times.length >> 1];
  console.log(`pack: ${rows.length} rows, median ${mid.toFixed(1)} ms (${Math.round((mid * 1e6) / rows.length)} ns/row), fastest ${times[0].toFixed(1)} ms`);
}

void main();
