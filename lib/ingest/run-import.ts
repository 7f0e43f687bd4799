import type Database from "better-sqlite3";
import { openBounceFile } from "../formats/open";
import { ImportFileError, type ColumnMapping } from "../formats/types";
import { recallMapping } from "./layout-memory";
import { rollbackImport } from "./rollback";
import { createBatchWriter, type ImportCounts } from "./writer";

export interface RunImportOptions {
  mapping?: ColumnMapping;
  batchSize?: number;
  /** Called after each committed batch. */
  onProgress?: (counts: ImportCounts, bytesProcessed: number) => void;
}

export type ImportOutcome =
  | { status: "done"; counts: ImportCounts; format: string }
  | { status: "needs_mapping"; error: string }
  | { status: "failed"; error: string; code: string };

/**
 * Runs one queued import to the end: done with its counts, or failed with a clear message and
 * nothing of it left in the database. The original upload is never touched.
 */
export async function runImport(db: Database.Database, importId: string, options: RunImportOptions = {}): Promise<ImportOutcome> {
  const row = db.prepare("SELECT storedPath, createdAt FROM Import WHERE id = ?").get(importId) as
    | { storedPath: string; createdAt: number }
    | undefined;
  if (!row) throw new Error(`Import ${importId} does not exist`);

  // A previous attempt may have been interrupted half-way: start from a clean slate.
  rollbackImport(db, importId);
  db.prepare("UPDATE Import SET status = 'processing', startedAt = ?, error = NULL, errorCode = NULL, finishedAt = NULL WHERE id = ?").run(Date.now(), importId);

  try {
    const file = await openWithMapping(db, row.storedPath, options);
    if (!file) {
      const message = "Rebound does not recognise this file's columns. Choose which column holds the email address (and the others you have).";
      db.prepare("UPDATE Import SET status = 'needs_mapping', error = ?, errorCode = 'unknown-layout' WHERE id = ?").run(message, importId);
      return { status: "needs_mapping", error: message };
    }
    db.prepare("UPDATE Import SET format = ? WHERE id = ?").run(file.format, importId);
    const { counts, writeBatch } = createBatchWriter(db, importId, row.createdAt);
    let bytes = 0;
    for await (const batch of file.batches) {
      bytes = batch.bytesRead;
      writeBatch(batch.rows, bytes);
      options.onProgress?.(counts, bytes);
    }
    db.prepare("UPDATE Import SET status = 'done', finishedAt = ? WHERE id = ?").run(Date.now(), importId);
    return { status: "done", counts: { ...counts }, format: file.format };
  } catch (error) {
    const { message, code } = describeFailure(error);
    rollbackImport(db, importId);
    db.prepare("UPDATE Import SET status = 'failed', error = ?, errorCode = ?, finishedAt = ? WHERE id = ?").run(message, code, Date.now(), importId);
    return { status: "failed", error: message, code };
  }
}

/**
 * Opens the file with the mapping given, else by its recognised layout, else with the mapping the
 * team chose before for the same header. null: nobody has mapped this layout yet.
 */
async function openWithMapping(db: Database.Database, path: string, options: RunImportOptions) {
  try {
    return await openBounceFile(path, { mapping: options.mapping, batchSize: options.batchSize });
  } catch (error) {
    if (!(error instanceof ImportFileError) || error.code !== "unknown-layout" || options.mapping || !error.preview) throw error;
    const remembered = recallMapping(db, error.preview.header);
    if (!remembered) return null;
    return openBounceFile(path, { mapping: remembered, batchSize: options.batchSize });
  }
}

function describeFailure(error: unknown): { message: string; code: string } {
  if (error instanceof ImportFileError) return { message: error.message, code: error.code };
  console.error("Import failed unexpectedly", error);
  const detail = error instanceof Error ? error.message : String(error);
  return { message: `The import stopped because of an internal error (${detail}). Nothing from it was kept; the original file is safe, so you can retry.`, code: "internal" };
}
