import "server-only";
import fs from "node:fs";
import { prisma } from "../db/prisma";
import { sqlite } from "../db/sqlite";
import { memberPathOf, type ArchiveContents } from "../formats/archive";
import { previewBounceFile } from "../formats/open";
import { formatLabel } from "../formats/registry";

export interface ImportSummary {
  id: string;
  fileName: string;
  /** null while an upload of undeclared size arrives. */
  size: number | null;
  format: string | null;
  /** The format's name for people. */
  formatLabel: string | null;
  /** merged: a pass of a rolling import, now part of it (never listed). */
  status: "queued" | "processing" | "rolling_back" | "done" | "failed" | "needs_mapping" | "merged";
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  /** Spam complaints (feedback-loop reports) the file carried: stored as complaints, not bounces. */
  complaints: number;
  /** Why rows were skipped, most rows first. */
  skipReasons: { reason: string; rows: number }[];
  /** Bounce rows without a date, dated at import. */
  undated: number;
  /** Where dates were read from; null when the file has no date column. */
  dateColumn: string | null;
  /** When the upload was a zip: the file imported from it and the ones left out. */
  archive: ArchiveContents | null;
  /** 0..1 of the file read so far (a zip's: of the file inside); while rolling back, of the attempt taken back. */
  progress: number;
  /** Rolling back an attempt that was interrupted (a restart) rather than one that failed. */
  interrupted: boolean;
  error: string | null;
  errorCode: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Imports queued before this one (0 when it is next or running). */
  queuePosition: number;
  /** A rolling import: who feeds it ("SendGrid webhook"), when its latest bounce arrived, how many passes it took. */
  fedBy: string | null;
  lastFedAt: string | null;
  passes: number;
}

type ImportRow = Awaited<ReturnType<ReturnType<typeof prisma>["import"]["findFirstOrThrow"]>>;

/** A JSON column written by the import itself; null when absent or not what it should be. */
function parseJson<T>(text: string | null, valid: (v: unknown) => boolean): T | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return valid(value) ? (value as T) : null;
  } catch {
    return null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function toSummary(row: ImportRow, queuePosition = 0): ImportSummary {
  const archive = parseJson<ArchiveContents>(row.archive, (v) => isRecord(v) && typeof v.member === "string" && Array.isArray(v.ignored));
  // A zip's rows are read from its unpacked member: progress is measured against that.
  const size = archive?.size || row.size || 0;
  const progress =
    row.status === "done" || row.status === "merged"
      ? 1
      : row.status === "rolling_back"
        ? (row.rollbackProgress ?? 0)
        : size > 0
          ? Math.min(1, row.bytesProcessed / size)
          : 0;
  const reasons = parseJson<Record<string, number>>(row.skipReasons, isRecord) ?? {};
  return {
    id: row.id,
    fileName: row.fileName,
    size: row.size,
    format: row.format,
    formatLabel: row.format ? formatLabel(row.format) : null,
    status: row.status as ImportSummary["status"],
    rows: row.rows,
    accepted: row.accepted,
    duplicates: row.duplicates,
    rejected: row.rejected,
    skipped: row.skipped,
    complaints: row.complaints,
    skipReasons: Object.entries(reasons)
      .filter((e): e is [string, number] => typeof e[1] === "number")
      .map(([reason, rows]) => ({ reason, rows }))
      .sort((a, b) => b.rows - a.rows || a.reason.localeCompare(b.reason)),
    undated: row.undated,
    dateColumn: row.dateColumn,
    archive,
    progress,
    interrupted: row.status === "rolling_back" && !row.error,
    error: row.error,
    errorCode: row.errorCode,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    queuePosition,
    fedBy: row.fedBy,
    lastFedAt: row.lastFedAt?.toISOString() ?? null,
    passes: row.passes,
  };
}

export async function getImport(id: string): Promise<ImportSummary | null> {
  const row = await prisma().import.findUnique({ where: { id } });
  if (!row) return null;
  return toSummary(row, row.status === "queued" ? await countQueuedBefore(row.createdAt) : 0);
}

async function countQueuedBefore(createdAt: Date): Promise<number> {
  return prisma().import.count({ where: { status: { in: ["queued", "processing", "rolling_back"] }, createdAt: { lt: createdAt } } });
}

export async function listImports(limit = 20): Promise<ImportSummary[]> {
  // A rolling import's passes are part of it, not imports of their own.
  const rows = await prisma().import.findMany({ where: { appendTo: null }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((r) => toSummary(r));
}

/** An earlier finished import of a file with the same content, so the page can explain the duplicates. */
export async function findEarlierSameContent(importId: string) {
  const db = prisma();
  const current = await db.import.findUnique({ where: { id: importId }, select: { sha256: true, createdAt: true } });
  // Still uploading: nothing to compare yet.
  if (!current?.sha256) return null;
  return db.import.findFirst({
    where: { sha256: current.sha256, id: { not: importId }, createdAt: { lt: current.createdAt }, status: "done" },
    orderBy: { createdAt: "desc" },
    select: { id: true, fileName: true, createdAt: true },
  });
}

export interface RejectedRowView {
  line: number;
  column: string | null;
  reason: string;
  raw: string;
}

export async function listRejectedRows(importId: string, limit = 100): Promise<RejectedRowView[]> {
  return prisma().rejectedRow.findMany({
    where: { importId },
    orderBy: { line: "asc" },
    take: limit,
    select: { line: true, column: true, reason: true, raw: true },
  });
}

/** Streams every rejected row of an import in line order, without loading them all. */
// A generator, not async: the CSV download streams its rows as it reads them.
export function* iterateRejectedRows(importId: string): Generator<RejectedRowView> {
  const stmt = sqlite().prepare("SELECT line, column, reason, raw FROM RejectedRow WHERE importId = ? ORDER BY line");
  yield* stmt.iterate(importId) as IterableIterator<RejectedRowView>;
}

/** The header and first rows of an upload, for the column-mapping step. */
export async function previewImport(id: string) {
  const row = await prisma().import.findUnique({ where: { id }, select: { storedPath: true } });
  if (!row) return null;
  // An uploaded zip waits for its mapping with its bounce export unpacked beside it.
  const member = memberPathOf(row.storedPath);
  return previewBounceFile(fs.existsSync(member) ? member : row.storedPath);
}
