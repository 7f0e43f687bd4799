import { parentPort, workerData } from "node:worker_threads";
import { openBounceRows } from "../../formats/open";
import { ImportFileError } from "../../formats/types";
import { PackedBatchBuilder, PackedBufferPool, packedBuffers } from "../fast/packed-batch";
import { BatchAssembler, preparedBatches, PreparedBatchBuilder, bounceTuple, wholeBatchSize, type PreparedBatch } from "../pipeline/prepare";
import { lookupOf } from "../../corrections/verdicts";
import type { WorkerMessage, WorkerTask } from "../pipeline/prepared-source";

/*
 * Reads, maps, classifies and hashes an upload in a thread of its own, so the writer's thread only
 * talks to SQLite: on two cores the import then takes about as long as the slower of the two, not
 * their sum. It runs at most CREDITS batches ahead of the writer, which keeps memory bounded.
 */
const port = parentPort!;
const task = workerData as WorkerTask;
let credits = task.credits;
let wake: (() => void) | null = null;
port.on("message", (m) => {
  if (m === "more") {
    credits++;
    wake?.();
    wake = null;
  }
});
const send = (m: WorkerMessage) => port.postMessage(m);

// Not top-level await: the bundle is CommonJS (scripts/build-worker.mjs).
async function run(): Promise<void> {
  if (!task.packed) return runPlain();
  const buffers = new PackedBufferPool();
  const batchSize = wholeBatchSize(task.batchSize);
  const corrections = task.corrections.length ? lookupOf(task.corrections) : null;
  const batches = new BatchAssembler(batchSize, task.uploadedAtMs, () => new PackedBatchBuilder(buffers, batchSize), corrections);
  const file = await openBounceRows(task.path, { mapping: task.mapping ?? undefined }, batches.add);
  send({ type: "opened", format: file.format, formatLabel: file.formatLabel, header: file.header, dateColumn: file.dateColumn });
  for await (const batch of preparedBatches(file, batches)) {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    send({ type: "batch", batch });
    buffers.give(packedBuffers(batch)); // posting copied them
  }
  send({ type: "end" });
}

/** Benchmarks only (REBOUND_INGEST_WITHOUT=packed): batches posted as plain data, cloned value by value. */
async function runPlain(): Promise<void> {
  const corrections = task.corrections.length ? lookupOf(task.corrections) : null;
  const batches = new BatchAssembler(wholeBatchSize(task.batchSize), task.uploadedAtMs, () => new PreparedBatchBuilder(), corrections);
  const file = await openBounceRows(task.path, { mapping: task.mapping ?? undefined }, batches.add);
  send({ type: "opened", format: file.format, formatLabel: file.formatLabel, header: file.header, dateColumn: file.dateColumn });
  for await (const b of preparedBatches<PreparedBatch>(file, batches)) {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    // A PreparedBatchBuilder's batch hands out its own tuples: `scratch` is never written.
    const scratch = bounceTuple();
    const bounces = Array.from({ length: b.bounceCount }, (_, i) => b.bounce(i, scratch));
    send({
      type: "plain-batch",
      batch: {
        rows: b.rows,
        skipped: b.skipped,
        skipReasons: b.skipReasons,
        undated: b.undated,
        bytesRead: b.bytesRead,
        rejects: b.rejects,
        hashes: b.hashes,
        bounces,
        mails: b.mails,
        complaints: b.complaints,
      },
    });
  }
  send({ type: "end" });
}

run().catch((error: unknown) => {
  if (error instanceof ImportFileError) send({ type: "file-error", code: error.code, message: error.message, preview: error.preview });
  else send({ type: "crash", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
