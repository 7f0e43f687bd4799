import { parentPort, workerData } from "node:worker_threads";
import { openBounceFile } from "../formats/open";
import { ImportFileError } from "../formats/types";
import { prepareBatch } from "./prepare";
import type { WorkerMessage, WorkerTask } from "./prepared-source";

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
  const file = await openBounceFile(task.path, { mapping: task.mapping ?? undefined, batchSize: task.batchSize });
  send({ type: "opened", format: file.format, formatLabel: file.formatLabel, header: file.header });
  for await (const b of file.batches) {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    send({ type: "batch", batch: prepareBatch(b.rows, b.bytesRead, task.uploadedAtMs) });
  }
  send({ type: "end" });
}

run().catch((error: unknown) => {
  if (error instanceof ImportFileError) send({ type: "file-error", code: error.code, message: error.message, preview: error.preview });
  else send({ type: "crash", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
