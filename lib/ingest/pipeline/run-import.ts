import fs from "node:fs";
import type Database from "better-sqlite3";
import { INCOMPLETE_UPLOAD_MESSAGE, partPathOf, readHead, waitForUpload } from "../../csv/growing-file";
import { isZip, memberPathOf, unpackArchive } from "../../formats/archive";
import { ImportFileError, type ColumnMapping } from "../../formats/types";
import { writersWaiting, yieldToWriters } from "../../db/busy";
import { openSqlite } from "../../db/sqlite";
import { ingestWithout } from "../../env";
import { catchUpImport, loadCorrectionEntries, settleSubscribers } from "../../corrections/store";
import { dropBulkIndexes, dropInsertTriggers, restoreBulkIndexes, applyRebuildSettings } from "../fast/bulk-indexes";
import { startCheckpointer, type Checkpointer } from "../threads/checkpointer";
import { recallMapping } from "./layout-memory";
import { finishImport, nextBounceId } from "./append";
import { rollbackImport } from "./rollback";
import { openPreparedFile, type OpenPreparedOptions, type PreparedFile } from "./prepared-source";
import { createBatchWriter, type ImportCounts } from "./writer";
import type { PreparedBatch } from "./prepare";

/**
 * Batches per transaction for an import that keeps its indexes: each commit writes every index page
 * its rows dirtied, all over the indexes, and three batches share most of them (100,000 new rows
 * into 1,000,000: 6.1–6.2 s → 5.5 s, measured interleaved). A big import appends and commits each
 * batch. The progress then moves every three batches. While a person's write waits for the lock, each
 * batch is committed alone: three batches into a loaded 1,000,000-row database held the lock for longer
 * than a click waits (bench:load: 259 of 683 ticks answered 503).
 */
const MERGED_BATCHES = 3;

export interface RunImportOptions {
  mapping?: ColumnMapping;
  /** Mapped rows per transaction (default 10,000: a commit every ~0.1–0.3 s, often enough for the progress bar). */
  batchSize?: number;
  /**
   * Drop the read-only secondary indexes and rebuild them at the end when the file looks like at
   * least this many new rows, more than the database already holds (default 5,000). 0 = never.
   * Into a database smaller than the file, rebuilding wins from a few thousand rows on: with every
   * index live, 30,000 rows took 1.65 s against 0.70 s, 100,000 rows 5.2 s against 1.5 s (measured).
   */
  bulkIndexThreshold?: number;
  /** Prepare rows in a worker thread (default: for files of at least 8 MB). */
  worker?: boolean;
  /** Called after each committed batch. */
  onProgress?: (counts: ImportCounts, bytesProcessed: number) => void;
  /** Called as the end phases start (for benchmarks that time them). */
  onPhase?: (phase: "subscribers" | "indexes" | "done") => void;
}

export type ImportOutcome =
  | { status: "done"; counts: ImportCounts; format: string }
  | { status: "needs_mapping"; error: string }
  | { status: "failed"; error: string; code: string };

/**
 * Runs one queued import to the end: done with its counts (a pass of a rolling import: merged into
 * it, ./append.ts), or failed with a clear message and nothing of it left in the database. The
 * original upload is never touched.
 */
export async function runImport(db: Database.Database, importId: string, options: RunImportOptions = {}): Promise<ImportOutcome> {
  const row = db.prepare("SELECT storedPath, createdAt, size, rows FROM Import WHERE id = ?").get(importId) as
    | { storedPath: string; createdAt: number; size: number | null; rows: number }
    | undefined;
  if (!row) throw new Error(`Import ${importId} does not exist`);

  // A previous attempt may have been interrupted half-way: put back any index it dropped, then start
  // from a clean slate.
  restoreBulkIndexes(db);
  // Rows and counts are committed together, batch by batch: no rows counted, nothing written (and
  // a rollback reads the whole Bounce table).
  if (row.rows > 0) await undoAttempt(db, importId);
  // From here on, the subscribers it creates are "arriving" (lib/queries/arriving.ts) until it is done.
  db.prepare(
    `UPDATE Import SET status = 'processing', startedAt = ?, error = NULL, errorCode = NULL, finishedAt = NULL, rollbackProgress = NULL,
       firstSubscriberId = (SELECT coalesce(max(id), 0) + 1 FROM Subscriber) WHERE id = ?`,
  ).run(Date.now(), importId);
  // Where this attempt's bounces start: a pass of a rolling import finds them by it (./append.ts).
  const firstBounceId = nextBounceId(db);

  let writer: Database.Database = db;
  let checkpointer: Checkpointer | null = null;
  // A zip's unpacked member is kept only for the column-mapping step's preview.
  let keepMember = false;
  try {
    if (uploadCutOff(db, importId, row.storedPath)) throw new ImportFileError("upload-incomplete", INCOMPLETE_UPLOAD_MESSAGE);
    const { path: filePath, size } = await fileToImport(db, importId, row.storedPath, row.size ?? 0);
    // Looked up once: corrections the team makes meanwhile are caught up with at the end.
    const corrections = loadCorrectionEntries(db);
    const file = await openWithMapping(db, filePath, {
      corrections,
      mapping: options.mapping,
      batchSize: options.batchSize ?? 10_000,
      uploadedAtMs: row.createdAt,
      worker: options.worker,
      size,
    });
    if ("needsMapping" in file) {
      keepMember = true;
      db.prepare("UPDATE Import SET status = 'needs_mapping', error = ?, errorCode = 'unknown-layout' WHERE id = ?").run(file.needsMapping, importId);
      return { status: "needs_mapping", error: file.needsMapping };
    }
    db.prepare("UPDATE Import SET format = ?, dateColumn = ? WHERE id = ?").run(file.format, file.dateColumn, importId);
    ({ conn: writer, checkpointer } = importConnection(db, size));
    dropInsertTriggers(writer);
    const { counts, countNew, writeBatches, enterBulkMode, finish } = createBatchWriter(writer, importId);
    const threshold = options.bulkIndexThreshold ?? (ingestWithout("bulk-indexes") ? 0 : 5_000);
    let decided = threshold <= 0;
    let dropped = false;
    let bytes = 0;
    // Rows looked at for the decision, and how many of their bounces are not stored yet. A batch is
    // looked at before it is written: written with every index in place, the first 10,000 rows of a
    // big import took ~0.5 s, as long as the next 70,000.
    let probedRows = 0;
    let probedNew = 0;
    let pending: PreparedBatch[] = [];
    for await (const batch of file.batches) {
      bytes = batch.bytesRead;
      if (!decided) {
        probedRows += batch.rows;
        probedNew += countNew(batch);
      }
      if (!decided && probedRows >= 1000) {
        decided = true;
        // Mostly new rows, and many more to come than the database holds: cheaper to index once at the end.
        const expected = size > 0 && bytes > 0 ? (probedRows * size) / bytes : probedRows;
        const newShare = probedNew / probedRows;
        const existing = writer.prepare("SELECT max(id) FROM Bounce").pluck().get() as number | null;
        if (newShare > 0.5 && expected * newShare >= threshold && expected * newShare > (existing ?? 0) - counts.accepted) {
          dropBulkIndexes(writer);
          enterBulkMode(Math.ceil(expected * newShare));
          // Without those indexes the writes are appends: an 8 MB cache serves them as fast as 32 MB
          // and keeps ~35 MB less resident (measured on 1,000,000 rows).
          writer.pragma("cache_size = -8192");
          dropped = true;
        }
      }
      pending.push(batch);
      if (!decided || dropped || pending.length >= MERGED_BATCHES || writersWaiting()) {
        yieldToWriters();
        writeBatches(pending);
        pending = [];
      } else continue;
      // Let the server answer requests between batches. Batches from the worker thread arrive as
      // messages, and Node delivers queued messages one after the other without polling sockets in
      // between: without this the writer starved every request until the import ended.
      await new Promise((resolve) => setImmediate(resolve));
      options.onProgress?.(counts, bytes);
    }
    if (pending.length) {
      yieldToWriters();
      writeBatches(pending);
      options.onProgress?.(counts, bytes);
    }
    options.onPhase?.("subscribers");
    yieldToWriters();
    finish();
    if (dropped) {
      options.onPhase?.("indexes");
      applyRebuildSettings(writer);
    }
    restoreBulkIndexes(writer, true);
    db.transaction(() => settleSubscribers(db, catchUpImport(db, importId, corrections), Date.now())).immediate();
    options.onPhase?.("done");
    finishImport(db, importId, firstBounceId);
    return { status: "done", counts: { ...counts }, format: file.format };
  } catch (error) {
    if (writer !== db) writer.close();
    writer = db;
    // The upload failed while the file was being opened: say so rather than "could not be read".
    const cutOff = error instanceof ImportFileError && error.code === "unreadable" && uploadCutOff(db, importId, row.storedPath);
    return failImport(db, importId, cutOff ? new ImportFileError("upload-incomplete", INCOMPLETE_UPLOAD_MESSAGE) : error);
  } finally {
    if (writer !== db) writer.close();
    await checkpointer?.stop();
    if (!keepMember) fs.rmSync(memberPathOf(row.storedPath), { force: true });
  }
}

/**
 * The file to read: the upload itself, or the bounce export inside an uploaded zip, unpacked beside
 * it (what the zip held is noted on the import).
 */
async function fileToImport(db: Database.Database, importId: string, storedPath: string, size: number): Promise<{ path: string; size: number }> {
  const head = await readHead(storedPath, 4).catch(() => Buffer.alloc(0));
  if (!isZip(head)) {
    db.prepare("UPDATE Import SET archive = NULL WHERE id = ?").run(importId);
    return { path: storedPath, size };
  }
  // A zip's directory is at its end: it cannot be read while it uploads.
  await waitForUpload(storedPath);
  const contents = await unpackArchive(storedPath);
  db.prepare("UPDATE Import SET archive = ? WHERE id = ?").run(JSON.stringify(contents), importId);
  return { path: memberPathOf(storedPath), size: contents.size };
}

/** Never marked uploaded (lib/ingest/upload/records.ts) and without its files: it was cut off. */
function uploadCutOff(db: Database.Database, importId: string, storedPath: string): boolean {
  const uploadedAt = db.prepare("SELECT uploadedAt FROM Import WHERE id = ?").pluck().get(importId);
  return uploadedAt == null && !fs.existsSync(storedPath) && !fs.existsSync(partPathOf(storedPath));
}

/** Ends an import that went wrong: failed, with a clear message, and nothing of it left in the database. */
export async function failImport(db: Database.Database, importId: string, error: unknown): Promise<ImportOutcome> {
  const { message, code } = describeFailure(error);
  db.prepare("UPDATE Import SET error = ?, errorCode = ? WHERE id = ?").run(message, code, importId);
  restoreBulkIndexes(db);
  await undoAttempt(db, importId);
  db.prepare("UPDATE Import SET status = 'failed', finishedAt = ?, rollbackProgress = NULL WHERE id = ?").run(Date.now(), importId);
  return { status: "failed", error: message, code };
}

/** Takes back what an attempt wrote, showing "rolling back" and how far on the import's page. */
async function undoAttempt(db: Database.Database, importId: string): Promise<void> {
  const progress = db.prepare("UPDATE Import SET rollbackProgress = ? WHERE id = ?");
  db.prepare("UPDATE Import SET status = 'rolling_back', rollbackProgress = 0 WHERE id = ?").run(importId);
  await rollbackImport(db, importId, (done, total) => progress.run(done / total, importId));
}

/**
 * The import writes through a connection of its own, tuned for bulk work: a 32 MB page cache (as fast
 * as 64 MB on a million rows, measured, and the import must stay within its memory budget), temporary
 * b-trees in memory, rare checkpoints, and no foreign-key checks (the writer only ever refers to the import it runs
 * and to subscribers it has just found or inserted). Readers are unaffected (WAL).
 * Files of 8 MB or more get a checkpoint thread (lib/ingest/threads/checkpointer.ts), to stop after closing.
 */
function importConnection(db: Database.Database, size: number): { conn: Database.Database; checkpointer: Checkpointer | null } {
  if (db.memory) return { conn: db, checkpointer: null };
  const conn = openSqlite(db.name);
  conn.pragma("cache_size = -32768");
  conn.pragma("temp_store = MEMORY");
  conn.pragma("foreign_keys = OFF");
  // Fewer, larger checkpoints: the same hot pages (index interiors, table tails) are not copied back
  // into the database file after every batch. synchronous stays NORMAL (fsync at checkpoints only):
  // OFF measured little faster and could corrupt the whole database on a power cut.
  conn.pragma("wal_autocheckpoint = 16384");
  const checkpointer = size >= CHECKPOINT_THREAD_MIN_BYTES && !ingestWithout("checkpointer") ? startCheckpointer(db.name) : null;
  // Only a safety net while the thread keeps up (a WAL of up to 1 GB at 16 KB pages).
  if (checkpointer) conn.pragma("wal_autocheckpoint = 65536");
  return { conn, checkpointer };
}

const CHECKPOINT_THREAD_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Opens the file with the mapping given, else by its recognised layout, else with the mapping the
 * team chose before for the same header. `needsMapping`: nobody has mapped this layout yet (why).
 */
async function openWithMapping(db: Database.Database, path: string, options: OpenPreparedOptions): Promise<PreparedFile | { needsMapping: string }> {
  try {
    return await openPreparedFile(path, options);
  } catch (error) {
    if (!(error instanceof ImportFileError) || error.code !== "unknown-layout" || options.mapping || !error.preview) throw error;
    const remembered = recallMapping(db, error.preview.header);
    if (!remembered) return { needsMapping: error.message };
    return openPreparedFile(path, { ...options, mapping: remembered });
  }
}

function describeFailure(error: unknown): { message: string; code: string } {
  if (error instanceof ImportFileError) return { message: error.message, code: error.code };
  console.error("Import failed unexpectedly", error);
  const detail = error instanceof Error ? error.message : String(error);
  return {
    message: `The import stopped because of an internal error (${detail}). Nothing from it was kept; the original file is safe, so you can retry.`,
    code: "internal",
  };
}
