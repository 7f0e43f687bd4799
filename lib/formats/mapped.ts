/** Layouts mapped by hand in the UI: the user says which header column holds what. */
import { HeaderIndex, normalizeHeaderName, type BounceFormat } from "./format";
import { createColumnMapper } from "./record";
import type { ColumnMapping } from "./types";

const FIELDS = ["email", "date", "status", "replyCode", "diagnostic", "category", "name", "phone", "company"] as const;

/** Column index for a mapped name: exact match first, then the forgiving comparison. */
function locate(header: string[], name: string | null | undefined): number {
  if (!name) return -1;
  const exact = header.indexOf(name);
  if (exact !== -1) return exact;
  const wanted = normalizeHeaderName(name);
  return wanted ? header.findIndex((h) => normalizeHeaderName(h) === wanted) : -1;
}

/** Mapped column names that are not in the header (empty = the mapping fits the file). */
export function missingMappedColumns(mapping: ColumnMapping, header: string[]): string[] {
  const missing: string[] = [];
  for (const field of FIELDS) {
    const name = mapping[field];
    if (name && locate(header, name) === -1) missing.push(name);
  }
  return missing;
}

export function createMappedFormat(mapping: ColumnMapping): BounceFormat {
  return {
    id: "mapped",
    label: "Columns chosen by hand",
    detect: (header) => (locate(header, mapping.email) === -1 ? 0 : 100),
    createMapper(header) {
      const col = (name: string | null | undefined) => locate(header, name);
      const email = col(mapping.email);
      if (email === -1) throw new Error(`Mapped email column "${mapping.email}" is not in the header`);
      return createColumnMapper(
        new HeaderIndex(header),
        {
          email,
          date: col(mapping.date),
          status: col(mapping.status),
          replyCode: col(mapping.replyCode),
          diagnostic: col(mapping.diagnostic),
          category: col(mapping.category),
          name: col(mapping.name),
          phone: col(mapping.phone),
          company: col(mapping.company),
        },
        { dayFirst: true },
      );
    },
  };
}
