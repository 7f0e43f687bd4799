import "server-only";
import { sqlite } from "../db/sqlite";

export interface NewEvent {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: string | null;
}

/** Appends to the audit trail. Synchronous so it can join the caller's transaction. */
export function recordEvent(e: NewEvent): void {
  sqlite()
    .prepare("INSERT INTO Event (actor, action, subjectType, subjectId, detail, at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(e.actor, e.action, e.subjectType, e.subjectId, e.detail ?? null, Date.now());
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
export function listSubscriberHistory(s: { id: number; domain: string; lastImportId: string }, limit = 100): EventView[] {
  const rows = sqlite()
    .prepare(`SELECT id, actor, action, subjectType, subjectId, detail, at FROM Event
      WHERE (subjectType = 'subscriber' AND subjectId = ?) OR (subjectType = 'domain' AND subjectId = ?) OR (subjectType = 'import' AND subjectId = ?)
      ORDER BY at DESC, id DESC LIMIT ?`)
    .all(String(s.id), s.domain, s.lastImportId, limit) as (Omit<EventView, "at"> & { at: number })[];
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
