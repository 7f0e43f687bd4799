import "server-only";
import { prisma } from "../../db/prisma";
import { sqlite, writeTransaction } from "../../db/sqlite";
import { INCOMPLETE_UPLOAD_MESSAGE } from "../../csv/growing-file";
import type { ColumnMapping } from "../../formats/types";
import { rememberMapping } from "../pipeline/layout-memory";
import { kickImportQueue } from "../queue/queue";
import type { StoredUpload } from "./store";

/** What makes an import a pass of a rolling import (lib/ingest/pipeline/append.ts). */
export interface PassOf {
  /** The rolling import's key: one per webhook source, UTC day and campaign. */
  rollingKey: string;
  /** Who feeds it ("SendGrid webhook"), shown on its page. */
  fedBy: string;
  /** When the latest bounce of this pass arrived. */
  lastFedAt: Date;
}

/**
 * The Import row's life as an upload: recorded as it starts arriving (uploadedAt null), completed
 * with its real size and hash, or abandoned. The import may read the file while it arrives
 * (lib/csv/growing-file.ts): `expectedSize` (the request's declared length, if any) stands in for
 * the size, for progress, until `completeUpload` gives the real one.
 */
export async function startImport(
  upload: { id: string; storedPath: string },
  fileName: string,
  options: { expectedSize: number | null; mapping?: ColumnMapping; createdBy?: string | null; kick?: boolean; pass?: PassOf },
): Promise<void> {
  const declared = options.expectedSize !== null && options.expectedSize > 0 ? Math.round(options.expectedSize) : null;
  await prisma().import.create({
    data: {
      id: upload.id,
      fileName: fileName.slice(0, 255),
      storedPath: upload.storedPath,
      size: declared,
      mapping: options.mapping ? JSON.stringify(options.mapping) : null,
      createdBy: options.createdBy ?? null,
      createdAt: new Date(),
      appendTo: options.pass?.rollingKey ?? null,
      fedBy: options.pass?.fedBy ?? null,
      lastFedAt: options.pass?.lastFedAt ?? null,
    },
  });
  if (options.kick !== false) kickImportQueue();
}

/**
 * How long an upload's last write waits for the lock. The import it feeds starts with its first
 * megabyte and may hold the lock longer than a person's click waits: with the server's thread free,
 * a 68 MB upload arrived in seconds, while the import's first transaction (30,000 rows into a cold
 * 1,000,000-row database, under bench:load) still ran, and the whole upload failed database-busy.
 */
const UPLOAD_LOCK_WAIT_MS = 60_000;

/** The whole upload is on disk: its real size and hash (an upload of unknown size can be queued now). */
export async function completeUpload(upload: StoredUpload, options: { kick?: boolean } = {}): Promise<void> {
  const db = sqlite();
  await writeTransaction(
    db,
    () => db.prepare("UPDATE Import SET size = ?, sha256 = ?, uploadedAt = ? WHERE id = ?").run(upload.size, upload.sha256, Date.now(), upload.id),
    { touched: [], waitMs: UPLOAD_LOCK_WAIT_MS },
  );
  if (options.kick !== false) kickImportQueue();
}

/**
 * The upload failed. An import that has not started yet is failed here; one that is reading the
 * upload fails by itself (its reader finds the part file gone) and removes what it wrote.
 */
export async function abandonUpload(id: string): Promise<void> {
  const db = sqlite();
  await writeTransaction(
    db,
    () =>
      db
        .prepare(
          "UPDATE Import SET status = 'failed', error = ?, errorCode = 'upload-incomplete', finishedAt = ? WHERE id = ? AND status IN ('queued', 'needs_mapping')",
        )
        .run(INCOMPLETE_UPLOAD_MESSAGE, Date.now(), id),
    { waitMs: UPLOAD_LOCK_WAIT_MS },
  );
}

/** Saves the team's column mapping for this import's layout and queues the import again. */
export async function applyMapping(id: string, mapping: ColumnMapping, header: string[]): Promise<void> {
  await writeTransaction(sqlite(), () => rememberMapping(sqlite(), header, mapping));
  await prisma().import.update({ where: { id }, data: { mapping: JSON.stringify(mapping), status: "queued", error: null, errorCode: null } });
  kickImportQueue();
}
