import "server-only";
import { openSqlite } from "../db/sqlite";
import type { ListFilter } from "./subscribers";

export const EXPORT_COLUMNS = [
  "email",
  "domain",
  "name",
  "phone",
  "category",
  "status",
  "bounce_count",
  "last_bounced_at",
  "dsn_status",
  "reply_code",
  "diagnostic",
  "rule",
] as const;

/** The same filters as the subscriber list, as SQL over Subscriber `s`. */
function whereSql(f: ListFilter) {
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
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

/**
 * Yields export rows one at a time from its own read connection (WAL: it sees one consistent
 * snapshot and never blocks imports), so a 100,000-row export is never held in memory.
 */
export function* iterateSubscriberExport(f: ListFilter): Generator<unknown[]> {
  const db = openSqlite();
  try {
    const where = whereSql(f);
    const stmt = db.prepare(`
      SELECT s.email, s.domain, s.name, s.phone, s.category, s.status, s.bounceCount, s.lastBouncedAt,
             b.dsnStatus, b.replyCode, b.diagnostic, b.ruleId, b.categorySource
      FROM Subscriber s
      LEFT JOIN Bounce b ON b.id = (SELECT id FROM Bounce WHERE subscriberId = s.id ORDER BY occurredAt DESC, id DESC LIMIT 1)
      ${where.sql}
      ORDER BY s.email`).raw();
    for (const r of stmt.iterate(...where.params) as IterableIterator<unknown[]>) {
      const [email, domain, name, phone, category, status, bounceCount, last, dsn, reply, diag, rule, source] = r;
      yield [email, domain, name, phone, category, status, bounceCount, new Date(last as number).toISOString(), dsn, reply, diag, source === "export" ? `export (${rule})` : rule];
    }
  } finally {
    db.close();
  }
}
