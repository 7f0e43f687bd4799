import { sqlite } from "@/lib/db/sqlite";
import { prisma } from "@/lib/db/prisma";
import { importFileNow, type RunImportOptions } from "@/lib/ingest";

/** Stores a file as an upload would and runs its import to the end, as the queue does. */
export async function importFile(file: string, options: RunImportOptions = {}) {
  const { id, outcome, storedPath } = await importFileNow(file, options);
  const row = await prisma().import.findUniqueOrThrow({ where: { id } });
  return { id, outcome, row, storedPath };
}

export function countBy(sql: string, ...params: unknown[]): Record<string, number> {
  const rows = sqlite()
    .prepare(sql)
    .raw()
    .all(...params) as [string, number][];
  return Object.fromEntries(rows);
}
