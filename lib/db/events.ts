import type Database from "better-sqlite3";

export interface NewEvent {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: string | null;
}

/** Appends to the audit trail, on the connection given: inside its caller's transaction. */
export function insertEvent(db: Database.Database, e: NewEvent): void {
  db.prepare("INSERT INTO Event (actor, action, subjectType, subjectId, detail, at) VALUES (?, ?, ?, ?, ?, ?)").run(
    e.actor,
    e.action,
    e.subjectType,
    e.subjectId,
    e.detail ?? null,
    Date.now(),
  );
}
