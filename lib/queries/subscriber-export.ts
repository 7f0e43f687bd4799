import "server-only";
import { openSqlite } from "../db/sqlite";
import { needsFormulaGuard } from "../export/csv";
import { selectionSql, type Selection } from "./subscriber-sql";

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
  "note",
] as const;

/** Said beside an address that safeCell had to change, so nobody copies it back as the address. */
export const GUARDED_ADDRESS_NOTE = "a ' was added before the address so spreadsheets show it as text; the address itself has no '";

/**
 * Yields export rows one at a time from its own read connection (WAL: it sees one consistent
 * snapshot and never blocks imports), so a 100,000-row export is never held in memory.
 */
// Generators, not async: the CSV exports stream their rows as they read them.
export function* iterateSubscriberExport(sel: Selection): Generator<unknown[]> {
  const db = openSqlite();
  try {
    const where = selectionSql(sel);
    const stmt = db
      .prepare(`
      SELECT s.email, s.domain, s.name, s.phone, s.category, s.status, s.bounceCount, s.lastBouncedAt,
             b.dsnStatus, b.replyCode, b.diagnostic, b.ruleId, b.categorySource
      FROM Subscriber s
      LEFT JOIN Bounce b ON b.id = (SELECT id FROM Bounce WHERE subscriberId = s.id ORDER BY occurredAt DESC, id DESC LIMIT 1)
      WHERE ${where.sql}
      ORDER BY s.email`)
      .raw();
    for (const r of stmt.iterate(...where.params) as IterableIterator<unknown[]>) {
      const [email, domain, name, phone, category, status, bounceCount, last, dsn, reply, diag, rule, source] = r;
      const note = needsFormulaGuard(String(email)) ? GUARDED_ADDRESS_NOTE : null;
      yield [
        email,
        domain,
        name,
        phone,
        category,
        status,
        bounceCount,
        new Date(last as number).toISOString(),
        dsn,
        reply,
        diag,
        source === "export" ? `export (${rule})` : rule,
        note,
      ];
    }
  } finally {
    db.close();
  }
}

/** The addresses alone, for a list an email platform reads: exact, one per row. */
export function* iterateAddresses(sel: Selection): Generator<unknown[]> {
  const db = openSqlite();
  try {
    const where = selectionSql(sel);
    for (const email of db
      .prepare(`SELECT s.email FROM Subscriber s WHERE ${where.sql} ORDER BY s.email`)
      .pluck()
      .iterate(...where.params))
      yield [email];
  } finally {
    db.close();
  }
}
