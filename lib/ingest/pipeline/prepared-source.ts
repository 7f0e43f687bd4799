import fs from "node:fs";
import { Worker } from "node:worker_threads";
import { env, ingestWithout } from "../../env";
import { openBounceRows } from "../../formats/open";
import { ImportFileError, type ColumnMapping, type FileErrorCode } from "../../formats/types";
import { unpackBatch, type PackedBatch } from "../fast/packed-batch";
import {
  BatchAssembler,
  type MailExtras,
  preparedBatches,
  PreparedBatchBuilder,
  wholeBatchSize,
  type PreparedBatch,
  type PreparedBounce,
  type PreparedReject,
} from "./prepare";
import { bundlePath } from "../../worker-bundle";
import { lookupOf, type CorrectionEntries } from "../../corrections/verdicts";

export interface PreparedFile {
  format: string;
  formatLabel: string;
  header: string[];
  /** Column (or JSON field) the dates are read from; null when the file has none. */
  dateColumn: string | null;
  /** Iterate to the end, or break out: either way the file (and thread) is released. */
  batches: AsyncIterable<PreparedBatch>;
}

export interface OpenPreparedOptions {
  mapping?: ColumnMapping;
  batchSize: number;
  /** Date given to rows without one. */
  uploadedAtMs: number;
  /**
   * Prepare in a worker thread. Default: for files of at least 8 MB, where it pays for its start-up,
   * unless REBOUND_IMPORT_WORKER=off.
   */
  worker?: boolean;
  size?: number;
  /** The team's corrections that cover whole replies (lib/corrections), looked up for every row. */
  corrections?: CorrectionEntries;
}

export interface WorkerTask {
  path: string;
  mapping: ColumnMapping | null;
  batchSize: number;
  uploadedAtMs: number;
  credits: number;
  corrections: CorrectionEntries;
  /** Post batches packed (fast/packed-batch.ts); false posts them plain (benchmarks: REBOUND_INGEST_WITHOUT=packed). */
  packed: boolean;
}

/** A PreparedBatch as plain data, structured-cloned value by value (the unpacked way between threads). */
export interface PlainBatch extends MailExtras {
  rows: number;
  skipped: number;
  skipReasons: Record<string, number>;
  undated: number;
  bytesRead: number;
  rejects: PreparedReject[];
  hashes: Int32Array;
  bounces: PreparedBounce[];
}

export type WorkerMessage =
  | { type: "opened"; format: string; formatLabel: string; header: string[]; dateColumn: string | null }
  | { type: "batch"; batch: PackedBatch }
  | { type: "plain-batch"; batch: PlainBatch }
  | { type: "end" }
  | { type: "file-error"; code: FileErrorCode; message: string; preview?: { header: string[]; rows: string[][] } }
  | { type: "crash"; message: string };

const WORKER_MIN_BYTES = 8 * 1024 * 1024;
/**
 * The worker's heap: capped to bound the import's memory. Its live data is small (~20 MB, most of it
 * the classifier's tables), but it allocates ~1 KB per row that dies young, so the young generation
 * sets how often it collects: with 16 MB the collector took 2.35 s of the worker's ~11 s on
 * 1,000,000 rows, with 48 MB 0.28 s (CPU profile), and the write loop, which shares the two cores
 * with it, went from 10.07–10.27 s to 9.30–9.76 s (interleaved runs, lib/ingest/bench/ingest-phases.ts).
 * But the server's peak RSS over bench:ingest's three imports rose to 398–412 MB with 48 MB, past
 * the 400 MB budget, and to 386–399 MB with 32 MB, whose gain the run-to-run noise then hid once
 * the writer had got faster (lib/db/multi-row-insert.ts). 16 MB keeps the memory budget's margin;
 * what would pay for more is less memory elsewhere first.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };
/** Batches the worker may prepare ahead of the writer: enough to never leave it waiting, few enough to bound memory. */
const CREDITS = 2;

/**
 * Opens an upload as batches of prepared rows (lib/ingest/pipeline/prepare.ts), like openBounceFile: whole-file
 * problems are thrown as ImportFileError before the first batch.
 */
export async function openPreparedFile(file: string, options: OpenPreparedOptions): Promise<PreparedFile> {
  const useWorker = options.worker ?? (env.REBOUND_IMPORT_WORKER !== "off" && !ingestWithout("prepare-thread") && (options.size ?? 0) >= WORKER_MIN_BYTES);
  if (useWorker) {
    const opened = await openInWorker(file, options).catch((error: unknown) => {
      if (error instanceof ImportFileError) throw error;
      // The thread could not start (e.g. its bundle is missing): slower in this thread, but the import goes on.
      console.warn("Import worker unavailable, preparing rows in the server's thread:", error);
      return null;
    });
    if (opened) return opened;
  }
  const corrections = options.corrections?.length ? lookupOf(options.corrections) : null;
  const batches = new BatchAssembler(wholeBatchSize(options.batchSize), options.uploadedAtMs, () => new PreparedBatchBuilder(), corrections);
  const opened = await openBounceRows(file, { mapping: options.mapping }, batches.add);
  return {
    format: opened.format,
    formatLabel: opened.formatLabel,
    header: opened.header,
    dateColumn: opened.dateColumn,
    batches: preparedBatches(opened, batches),
  };
}

async function openInWorker(file: string, options: OpenPreparedOptions): Promise<PreparedFile> {
  const task: WorkerTask = {
    path: file,
    mapping: options.mapping ?? null,
    batchSize: options.batchSize,
    uploadedAtMs: options.uploadedAtMs,
    credits: CREDITS,
    corrections: options.corrections ?? [],
    packed: !ingestWithout("packed"),
  };
  const entry = bundlePath("import-worker");
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
  const worker = new Worker(entry, { workerData: task, resourceLimits: WORKER_HEAP });
  const inbox: (WorkerMessage | { type: "exit"; error?: Error })[] = [];
  let wake: (() => void) | null = null;
  const deliver = (m: (typeof inbox)[number]) => {
    inbox.push(m);
    wake?.();
    wake = null;
  };
  worker.on("message", (m: WorkerMessage) => deliver(m));
  worker.on("error", (error) => deliver({ type: "exit", error }));
  worker.on("exit", () => deliver({ type: "exit" }));
  const next = async () => {
    while (inbox.length === 0) await new Promise<void>((r) => (wake = r));
    return inbox.shift()!;
  };
  const fail = (m: (typeof inbox)[number]): never => {
    if (m.type === "file-error") throw new ImportFileError(m.code, m.message, m.preview);
    if (m.type === "crash") throw new Error(`The import thread failed: ${m.message}`);
    if (m.type === "exit") throw m.error ?? new Error("The import thread stopped unexpectedly.");
    throw new Error(`Unexpected message from the import thread: ${m.type}`);
  };

  const first = await next();
  if (first.type !== "opened") {
    await worker.terminate();
    fail(first);
  }
  const { format, formatLabel, header, dateColumn } = first as Extract<WorkerMessage, { type: "opened" }>;
  return {
    format,
    formatLabel,
    header,
    dateColumn,
    batches: (async function* () {
      try {
        for (;;) {
          const m = await next();
          if (m.type === "end") return;
          if (m.type !== "batch" && m.type !== "plain-batch") fail(m);
          worker.postMessage("more");
          if (m.type === "plain-batch") {
            const { bounces, ...rest } = m.batch;
            yield { ...rest, bounceCount: bounces.length, bounce: (i) => bounces[i] };
          } else yield unpackBatch((m as Extract<WorkerMessage, { type: "batch" }>).batch);
        }
      } finally {
        await worker.terminate();
      }
    })(),
  };
}
