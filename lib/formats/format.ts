/**
 * What every export layout provides, and header-matching helpers shared by them.
 * Columns are always found by name, never by position: platforms reorder and add columns, and
 * spreadsheets re-save with different case, accents and spacing.
 */
import type { MappedRow } from "./types";

export type RowMapper = ((fields: string[], line: number) => MappedRow) & {
  /** The column dates are read from, or null when the layout found none (rows are then dated at import). */
  readonly dateColumn?: string | null;
};

export interface BounceFormat {
  id: string;
  label: string;
  /** 0 = not this format; higher = more confident. */
  detect(header: string[]): number;
  createMapper(header: string[]): RowMapper;
}

/** "Correo electrónico" → "correoelectronico", "bounce.bouncedRecipients.emailAddress" → "bouncebouncedrecipientsemailaddress". */
export function normalizeHeaderName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Header with normalised names, for lookups by synonym. */
export class HeaderIndex {
  readonly normalized: string[];

  constructor(readonly header: string[]) {
    this.normalized = header.map(normalizeHeaderName);
  }

  /** Index of the first synonym (in priority order) present in the header, or -1. */
  find(synonyms: readonly string[]): number {
    for (const syn of synonyms) {
      const i = this.normalized.indexOf(normalizeHeaderName(syn));
      if (i !== -1) return i;
    }
    return -1;
  }

  /**
   * Like find, then falls back to a column that starts with a synonym ("Respuesta del servidor" for
   * "respuesta", "Fecha del rebote" for "fecha"). Short synonyms are exact-only: "to" must not match "total", "name" not "namespace".
   */
  findLoose(synonyms: readonly string[]): number {
    const exact = this.find(synonyms);
    if (exact !== -1) return exact;
    for (const syn of synonyms) {
      const n = normalizeHeaderName(syn);
      if (n.length < 5) continue;
      const i = this.normalized.findIndex((h) => h.startsWith(n));
      if (i !== -1) return i;
    }
    return -1;
  }

  /** Index of the first column whose normalised name matches the pattern, or -1. */
  findMatching(pattern: RegExp): number {
    return this.normalized.findIndex((n) => pattern.test(n));
  }

  has(...names: string[]): boolean {
    return names.every((n) => this.normalized.includes(normalizeHeaderName(n)));
  }

  hasAny(...names: string[]): boolean {
    return names.some((n) => this.normalized.includes(normalizeHeaderName(n)));
  }

  count(...names: string[]): number {
    return names.filter((n) => this.normalized.includes(normalizeHeaderName(n))).length;
  }

  /** Column name as written in the file, for messages. */
  name(index: number): string | null {
    return index >= 0 ? this.header[index] : null;
  }
}
