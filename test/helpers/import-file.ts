import fs from "node:fs";
import { sqlite } from "@/lib/db/sqlite";
import { prisma } from "@/lib/db/prisma";
import { runImport, type RunImportOptions } from "@/lib/ingest/run-import";
import { storeUpload } from "@/lib/ingest/upload";
import path from "node:path";

/** Stores a file as an upload would and runs its import to the end, as the queue does. */
export async function importFile(file: string, options: RunImportOptions = {}) {
  const upload = await storeUpload(fs.createReadStream(file), 1024 ** 3);
  await prisma().import.create({
    data: { id: upload.id, fileName: path.basename(file), storedPath: upload.storedPath, sha256: upload.sha256, size: upload.size, createdAt: new Date() },
  });
  const outcome = await runImport(sqlite(), upload.id, options);
  const row = await prisma().import.findUniqueOrThrow({ where: { id: upload.id } });
  return { id: upload.id, outcome, row, storedPath: upload.storedPath };
}

export function countBy(sql: string, ...params: unknown[]): Record<string, number> {
  const rows = sqlite().prepare(sql).raw().all(...params) as [string, number][];
  return Object.fromEntries(rows);
}
