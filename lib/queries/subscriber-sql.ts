import "server-only";
import type { ListFilter } from "./subscribers";

/** The subscriber list's filters as SQL over `Subscriber s`, for exports and bulk actions. */
export function filterSql(f: ListFilter): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (f.category) clauses.push("s.category = ?"), params.push(f.category);
  if (f.status) clauses.push("s.status = ?"), params.push(f.status);
  if (f.domain) clauses.push("s.domain = ?"), params.push(f.domain.toLowerCase());
  if (f.disputed) clauses.push("s.ruleCategory <> s.category");
  if (f.q) {
    const q = f.q.toLowerCase();
    clauses.push("(instr(s.email, ?) > 0 OR s.domain LIKE ? ESCAPE '\\')");
    params.push(q, q.replace(/[\\%_]/g, (c) => `\\${c}`) + "%");
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
