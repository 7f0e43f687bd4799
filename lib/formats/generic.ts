/**
 * Any CSV whose header names an email column in words Rebound knows (see synonyms.ts) and at least
 * one column that says why or when an address bounced: spreadsheet exports, re-saved platform
 * exports. Lowest priority: known platforms win. A file with addresses and nothing else is most often
 * a contact list, so it goes to the column-mapping step instead of filing everyone as bounced.
 */
import { findContactColumns } from "./contact-columns";
import { HeaderIndex, normalizeHeaderName, type BounceFormat } from "./format";
import { createColumnMapper, type ColumnSpec } from "./record";
import { SYNONYMS } from "./synonyms";

/** Date columns that any contact list has (when the record was made or changed): not a sign of bounces. */
const RECORD_DATES = new Set(
  ["created", "created at", "updated", "updated at", "modified", "last changed", "added", "date added", "optin time", "signup date"].map(normalizeHeaderName),
);

/**
 * Resolves every field's column by synonym; shared with Brevo. The email column must match exactly
 * (a loose "email…" could pick "email_opt_in"); codes must match exactly too ("código postal" is not a status); the others may match by prefix.
 */
export function resolveGenericColumns(h: HeaderIndex): ColumnSpec {
  return {
    email: h.find(SYNONYMS.email),
    date: h.findLoose(SYNONYMS.date),
    status: h.find(SYNONYMS.status),
    replyCode: h.find(SYNONYMS.replyCode),
    diagnostic: h.findLoose(SYNONYMS.diagnostic),
    remoteMta: h.findLoose(SYNONYMS.remoteMta),
    category: h.findLoose(SYNONYMS.category),
    ...findContactColumns(h),
  };
}

/** Columns that say an address bounced: a status, reply code, reason, category, or a date that is not a record's own. */
function bounceEvidence(h: HeaderIndex, cols: ColumnSpec): number {
  const found = [cols.status, cols.replyCode, cols.diagnostic, cols.category].filter((i) => i !== undefined && i !== -1).length;
  const date = cols.date ?? -1;
  return found + (date !== -1 && !RECORD_DATES.has(h.normalized[date]) ? 1 : 0);
}

/**
 * Why a file with an email column is not read as a bounce list, or null when it is one (or has no
 * email column Rebound knows).
 */
export function contactListReason(header: string[]): string | null {
  const h = new HeaderIndex(header);
  const email = h.find(SYNONYMS.email);
  if (email === -1 || bounceEvidence(h, resolveGenericColumns(h)) > 0) return null;
  return (
    `This file has an email column ("${header[email]}") but nothing that says why or when an address bounced: ` +
    "no status, reply code, reason or bounce date column. It looks like a contact list. If every address in it did bounce, choose its columns to import it."
  );
}

export const generic: BounceFormat = {
  id: "generic",
  label: "Bounce list (columns recognised by name)",
  detect(header) {
    const h = new HeaderIndex(header);
    if (h.find(SYNONYMS.email) === -1) return 0;
    const evidence = bounceEvidence(h, resolveGenericColumns(h));
    return evidence === 0 ? 0 : 10 + evidence;
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    // Slash dates are read day-first (dd/mm/yyyy): Rebound's users export from European locales.
    return createColumnMapper(h, resolveGenericColumns(h), { dayFirst: true });
  },
};
