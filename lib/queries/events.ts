import "server-only";
import { insertEvent, type NewEvent } from "../db/events";
import { reader } from "../db/reader";
import { sqlite, writeTransaction } from "../db/sqlite";

export type { NewEvent };

/** Appends to the audit trail, on its own (waiting for the write lock like any write). */
export function logEvent(e: NewEvent): Promise<void> {
  // The history is never remembered: nothing to start afresh.
  return writeTransaction(sqlite(), () => recordEvent(e), { touched: [] });
}

/** Appends to the audit trail inside the caller's write transaction (synchronous on purpose, as better-sqlite3 transactions are). */
export function recordEvent(e: NewEvent): void {
  insertEvent(sqlite(), e);
}

export interface EventView {
  id: number;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  detail: string | null;
  at: string;
}

/** History of one subscriber: their own events plus the shared tasks (domain, import) that covered them. */
export async function listSubscriberHistory(s: { id: number; domain: string; lastImportId: string }, limit = 100): Promise<EventView[]> {
  const rows = await reader().all<Omit<EventView, "at"> & { at: number }>(
    `SELECT id, actor, action, subjectType, subjectId, detail, at FROM Event
      WHERE (subjectType = 'subscriber' AND subjectId = ?) OR (subjectType = 'domain' AND subjectId = ?) OR (subjectType = 'import' AND subjectId = ?)
      ORDER BY at DESC, id DESC LIMIT ?`,
    [String(s.id), s.domain, s.lastImportId, limit],
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}

/** The team's activity, newest first, searchable by who, what or the text of the entry. */
export async function listEvents(f: { q?: string; page: number; pageSize: number }) {
  const where = f.q
    ? "WHERE instr(lower(e.actor || ' ' || e.action || ' ' || e.subjectId || ' ' || coalesce(s.email, '') || ' ' || coalesce(e.detail, '')), ?) > 0"
    : "";
  // Subscribers are named by their address, not their id.
  const from = "FROM Event e LEFT JOIN Subscriber s ON e.subjectType = 'subscriber' AND s.id = CAST(e.subjectId AS INTEGER)";
  const params = f.q ? [f.q.toLowerCase()] : [];
  const [count, rows] = await Promise.all([
    reader().pluck<number>(`SELECT count(*) ${from} ${where}`, params),
    reader().all<Omit<EventView, "at"> & { at: number; subjectLabel: string }>(
      `SELECT e.id, e.actor, e.action, e.subjectType, e.subjectId, coalesce(s.email, e.subjectId) AS subjectLabel, e.detail, e.at
      ${from} ${where} ORDER BY e.at DESC, e.id DESC LIMIT ? OFFSET ?`,
      [...params, f.pageSize, (f.page - 1) * f.pageSize],
    ),
  ]);
  return { data: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })), count: count ?? 0, page: f.page, pageSize: f.pageSize };
}
