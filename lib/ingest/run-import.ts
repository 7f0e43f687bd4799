import type Database from "better-sqlite3";
import { openBounceFile } from "../formats/open";
import { ImportFileError, type ColumnMapping } from "../formats/types";
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
    const file = await openBounceFile(row.storedPath, { mapping: options.mapping, batchSize: options.batchSize });
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

function describeFailure(error: unknown): { message: string; code: string } {
  if (error instanceof ImportFileError) return { message: error.message, code: error.code };
  console.error("Import failed unexpectedly", error);
  const detail = error instanceof Error ? error.message : String(error);
  return { message: `The import stopped because of an internal error (${detail}). Nothing from it was kept; the original file is safe, so you can retry.`, code: "internal" };
}
