import "server-only";
import { resolveListPeriod } from "../insights/list-period";
import type { ListFilter } from "./subscribers";

// SQL builders, not queries: they return SQL text and parameters, synchronously.

/**
 * The bounds [from, to) of every string that starts with `prefix`, so a prefix search is a range
 * seek on an index (SQLite's BINARY collation orders UTF-8 bytes, i.e. code points). `to` is null
 * when no upper bound exists.
 */
export function prefixRange(prefix: string): [string, string | null] {
  const cps = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (cps.length && cps[cps.length - 1] === 0x10ffff) cps.pop();
  if (cps.length === 0) return [prefix, null];
  let last = cps[cps.length - 1] + 1;
  if (last >= 0xd800 && last <= 0xdfff) last = 0xe000; // no surrogates in UTF-8
  cps[cps.length - 1] = last;
  return [prefix, String.fromCodePoint(...cps)];
}

function startsWith(column: string, prefix: string, params: (string | number)[]): string {
  const [from, to] = prefixRange(prefix);
  params.push(from);
  if (to === null) return `${column} >= ?`;
  params.push(to);
  return `(${column} >= ? AND ${column} < ?)`;
}

/**
 * Subscribers whose latest bounce a team correction decided: read from the partial index of team
 * bounces (prisma/migrations/*_corrections), a few among millions, then each one's latest bounce.
 */
export const CORRECTED_SUBSCRIBERS = `SELECT b.subscriberId FROM Bounce b WHERE b.categorySource = 'team'
  AND b.id = (SELECT x.id FROM Bounce x WHERE x.subscriberId = b.subscriberId ORDER BY x.occurredAt DESC, x.id DESC LIMIT 1)`;

/** Still being worked on, yet a webhook reported a delivery to the address after its last bounce. */
export const DELIVERING_AGAIN = "s.status IN ('open', 'in_progress') AND s.lastDeliveredAt > s.lastBouncedAt";

/**
 * The subscriber list's filters as SQL over `Subscriber s`, for the list, exports and bulk actions.
 * `q` matches addresses or domains that start with it ("@gmail" finds the domain too).
 */
export function filterSql(f: ListFilter): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (f.category) clauses.push("s.category = ?"), params.push(f.category);
  if (f.status) clauses.push("s.status = ?"), params.push(f.status);
  if (f.domain) clauses.push("s.domain = ?"), params.push(f.domain.toLowerCase());
  if (f.disputed) clauses.push("s.ruleCategory <> s.category");
  if (f.corrected) clauses.push(`s.id IN (${CORRECTED_SUBSCRIBERS})`);
  if (f.delivering) clauses.push(DELIVERING_AGAIN);
  const { period, imports } = resolveListPeriod(f);
  if (period.from !== null) clauses.push("s.lastBouncedAt >= ?"), params.push(period.from);
  if (period.to !== null) clauses.push("s.lastBouncedAt < ?"), params.push(period.to);
  if (imports.length) clauses.push(`s.lastImportId IN (${imports.map(() => "?").join(",")})`), params.push(...imports);
  if (f.q) {
    const q = f.q.toLowerCase();
    const domain = q.replace(/^@/, "");
    const email = startsWith("s.email", q, params);
    clauses.push(domain ? `(${email} OR ${startsWith("s.domain", domain, params)})` : email);
  }
  return { sql: clauses.length ? clauses.join(" AND ") : "1 = 1", params };
}

/** A selection is either explicit ids (rows ticked on a page) or everything matching a filter. */
export type Selection = { ids: number[] } | { filter: ListFilter };

export function selectionSql(sel: Selection): { sql: string; params: (string | number)[] } {
  if ("ids" in sel) {
    if (sel.ids.length === 0) return { sql: "0 = 1", params: [] };
    return { sql: `s.id IN (${sel.ids.map(() => "?").join(",")})`, params: sel.ids };
  }
  return filterSql(sel.filter);
}
