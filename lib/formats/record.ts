/**
 * Turns the values a format found for one row into a MappedRow: the same validation, date reading
 * and SMTP extraction for every layout, so formats differ only in where they find things.
 */
import * as categories from "../categories";
import type { CategoryCode } from "../categories";
import * as dates from "./dates";
import * as email from "./email";
import type { HeaderIndex, RowMapper } from "./format";
import * as smtp from "./smtp";
import type { BounceRecord, MappedRow } from "./types";

// Local aliases: bundlers and tsx compile imported bindings to getters, and these run for every row.
const { isCategoryCode } = categories;
const { parseDate } = dates;
const { canonicalEmail } = email;
const { extractReplyCode, extractStatus, parseReplyCode, stripSmtpPrefix } = smtp;
const DAY_FIRST: dates.DateOptions = { dayFirst: true };
const MONTH_FIRST: dates.DateOptions = { dayFirst: false };

/** Raw text values of one bounce, as found (untrimmed is fine; empty = absent). */
export interface BounceValues {
  email: string;
  date?: string | null;
  status?: string | null;
  replyCode?: string | number | null;
  diagnostic?: string | null;
  remoteMta?: string | null;
  category?: CategoryCode | null;
  name?: string | null;
  phone?: string | null;
  company?: string | null;
}

export interface BuildContext {
  /** Where the email came from, named in rejections. */
  emailColumn: string | null;
  dateColumn: string | null;
  dayFirst: boolean;
}

function text(value: string | null | undefined): string | null {
  if (value == null) return null;
  const t = value.trim();
  return t.length > 0 ? t : null;
}

export function reject(line: number, reason: string, column: string | null, raw: string): MappedRow {
  return { kind: "reject", line, reason, column, raw };
}

/** `raw` is the row as written (text, or parsed fields re-joined only when the row is rejected). */
export function buildBounceRow(v: BounceValues, line: number, ctx: BuildContext, raw: string | string[]): MappedRow {
  const email = canonicalEmail(v.email ?? "");
  if (typeof email !== "string") return reject(line, email.error, ctx.emailColumn, rawText(raw));

  let occurredAt: Date | null = null;
  const dateText = text(v.date);
  if (dateText !== null) {
    occurredAt = parseDate(dateText, ctx.dayFirst === false ? MONTH_FIRST : DAY_FIRST);
    if (occurredAt === null) {
      const col = ctx.dateColumn ?? "date";
      return reject(line, `invalid date in column '${col}': '${dateText}'`, ctx.dateColumn, rawText(raw));
    }
  }

  const diagText = text(v.diagnostic);
  const diagnostic = diagText === null ? null : text(stripSmtpPrefix(diagText));
  const statusText = text(v.status);
  const dsnStatus = extractStatus(statusText) ?? extractStatus(diagnostic);
  let replyCode = typeof v.replyCode === "number" ? v.replyCode : (parseReplyCode(v.replyCode ?? null) ?? extractReplyCode(diagnostic));
  // Some exports put the reply code ("550") in their status column.
  if (replyCode === null && dsnStatus === null) replyCode = parseReplyCode(statusText);

  const record: BounceRecord = {
    email,
    occurredAt,
    dsnStatus,
    replyCode,
    diagnostic,
    remoteMta: text(v.remoteMta),
    category: v.category ?? null,
    name: text(v.name),
    phone: text(v.phone),
    company: text(v.company),
  };
  return { kind: "bounce", line, record };
}

/** A category column's value when it is one of the 16 codes ("Bad-Mailbox " included). */
export function categoryFrom(value: string | null | undefined): CategoryCode | null {
  const t = text(value)?.toLowerCase();
  return t && isCategoryCode(t) ? t : null;
}

function rawText(raw: string | string[]): string {
  return typeof raw === "string" ? raw : toCsvLine(raw);
}

/** Re-creates a CSV line from parsed fields, for the "raw" of a rejected row. */
export function toCsvLine(fields: string[]): string {
  let out = "";
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (i > 0) out += ",";
    out += /[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
  }
  return out;
}

/** Column indices of one layout; -1 or absent = the layout has no such column. */
export interface ColumnSpec {
  email: number;
  date?: number;
  status?: number;
  replyCode?: number;
  diagnostic?: number;
  remoteMta?: number;
  category?: number;
  name?: number;
  firstName?: number;
  lastName?: number;
  phone?: number;
  company?: number;
}

/** Trimmed cell, "" when the column is absent (-1/undefined) or the row is short. */
export function cell(fields: string[], index: number | undefined): string {
  if (index === undefined || index < 0 || index >= fields.length) return "";
  return fields[index].trim();
}

export interface ColumnMapperOptions {
  dayFirst?: boolean;
  /** Reason to skip a row that is not a bounce (a delivery record, an "opened" event), or null. */
  skip?: (fields: string[]) => string | null;
  /** Format-specific touches (category from the platform's own code, a second column for the reply). */
  adjust?: (values: BounceValues, fields: string[]) => void;
}

/** Builds the row mapper of a column-based layout. */
export function createColumnMapper(index: HeaderIndex, cols: ColumnSpec, options: ColumnMapperOptions = {}): RowMapper {
  const emailColumn = index.name(cols.email);
  const ctx: BuildContext = {
    emailColumn,
    dateColumn: cols.date !== undefined ? index.name(cols.date) : null,
    dayFirst: options.dayFirst ?? true,
  };
  const { skip, adjust } = options;
  const has = (i: number | undefined): i is number => i !== undefined && i >= 0;
  const first = has(cols.firstName) ? cols.firstName : -1;
  const last = has(cols.lastName) ? cols.lastName : -1;
  const hasCategory = has(cols.category);

  const mapper = (fields: string[], line: number): MappedRow => {
    if (skip) {
      const reason = skip(fields);
      if (reason !== null) return { kind: "skip", line, reason };
    }
    if (cols.email >= fields.length) {
      return reject(
        line,
        `no email address (the row has ${fields.length} fields; column '${emailColumn}' is number ${cols.email + 1})`,
        emailColumn,
        toCsvLine(fields),
      );
    }
    let name = "";
    if (first !== -1 || last !== -1) {
      const a = cell(fields, first);
      const b = cell(fields, last);
      name = a && b ? a + " " + b : a || b;
    }
    if (!name) name = cell(fields, cols.name);
    const values: BounceValues = {
      email: cell(fields, cols.email),
      date: cell(fields, cols.date),
      status: cell(fields, cols.status),
      replyCode: cell(fields, cols.replyCode),
      diagnostic: cell(fields, cols.diagnostic),
      remoteMta: cell(fields, cols.remoteMta),
      category: hasCategory ? categoryFrom(cell(fields, cols.category)) : null,
      name,
      phone: cell(fields, cols.phone),
      company: cell(fields, cols.company),
    };
    if (adjust) adjust(values, fields);
    return buildBounceRow(values, line, ctx, fields);
  };
  return Object.assign(mapper, { dateColumn: ctx.dateColumn });
}
