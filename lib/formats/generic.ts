/**
 * Any CSV whose header names an email column in words Rebound knows (see synonyms.ts): spreadsheet
 * exports, CRM lists, re-saved platform exports. Lowest priority: known platforms win.
 */
import { HeaderIndex, type BounceFormat } from "./format";
import { createColumnMapper, type ColumnSpec } from "./record";
import { SYNONYMS } from "./synonyms";

/**
 * Resolves every field's column by synonym; shared with Brevo. The email column must match exactly
 * (a loose "email…" could pick "email_opt_in"); codes must match exactly too ("código postal" is not a status); the others may match by prefix.
 */
export function resolveGenericColumns(h: HeaderIndex): ColumnSpec {
  const firstName = h.findLoose(SYNONYMS.firstName);
  const lastName = h.findLoose(SYNONYMS.lastName);
  // "Nombre" next to "Apellidos" is the first name; alone, it is the whole name.
  const name = h.findLoose(SYNONYMS.name);
  const nameIsFirst = firstName === -1 && lastName !== -1 && name !== -1;
  return {
    email: h.find(SYNONYMS.email),
    date: h.findLoose(SYNONYMS.date),
    status: h.find(SYNONYMS.status),
    replyCode: h.find(SYNONYMS.replyCode),
    diagnostic: h.findLoose(SYNONYMS.diagnostic),
    remoteMta: h.findLoose(SYNONYMS.remoteMta),
    category: h.findLoose(SYNONYMS.category),
    name: nameIsFirst ? -1 : name,
    firstName: nameIsFirst ? name : firstName,
    lastName,
    phone: h.findLoose(SYNONYMS.phone),
    company: h.findLoose(SYNONYMS.company),
  };
}

export const generic: BounceFormat = {
  id: "generic",
  label: "Bounce list (columns recognised by name)",
  detect(header) {
    const h = new HeaderIndex(header);
    if (h.find(SYNONYMS.email) === -1) return 0;
    const cols = resolveGenericColumns(h);
    const found = [cols.date, cols.status, cols.replyCode, cols.diagnostic].filter((i) => i !== undefined && i !== -1).length;
    return 10 + found;
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    // Slash dates are read day-first (dd/mm/yyyy): Rebound's users export from European locales.
    return createColumnMapper(h, resolveGenericColumns(h), { dayFirst: true });
  },
};
