import type Database from "better-sqlite3";
import type { ColumnMapping } from "../../formats/types";

/**
 * Remembers the column mapping a person chose for an unknown layout, keyed by the header (compared
 * case- and space-insensitively), so the next export with the same header imports without asking.
 */
export function headerKey(header: string[]): string {
  return header.map((h) => h.trim().toLowerCase()).join("\u0001");
}

export function recallMapping(db: Database.Database, header: string[]): ColumnMapping | undefined {
  const json = db.prepare("SELECT mapping FROM LayoutMapping WHERE headerKey = ?").pluck().get(headerKey(header)) as string | undefined;
  return json ? (JSON.parse(json) as ColumnMapping) : undefined;
}

export function rememberMapping(db: Database.Database, header: string[], mapping: ColumnMapping): void {
  db.prepare(`INSERT INTO LayoutMapping (headerKey, header, mapping, updatedAt) VALUES (?, ?, ?, ?)
    ON CONFLICT(headerKey) DO UPDATE SET mapping = excluded.mapping, header = excluded.header, updatedAt = excluded.updatedAt`).run(
    headerKey(header),
    JSON.stringify(header),
    JSON.stringify(mapping),
    Date.now(),
  );
}
