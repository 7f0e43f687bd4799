import "server-only";
import { getCategory, STEPS, stepLabel, type StepId } from "../categories";
import { sqlite, writeTransaction } from "../db/sqlite";
import { arrivingSql } from "./arriving";
import { selectionSql, type Selection } from "./subscriber-sql";
import { getPlatformName } from "./settings";
import { HAS_DONE_TICK } from "../tasks/work-status";
import { refreshWorkStatus } from "./tasks";

export type BulkAction =
  | { type: "tick"; step: StepId; done: boolean }
  | { type: "status"; status: "open" | "recovered" | "unrecoverable"; reason?: string | null }
  | { type: "assign"; assignee: string | null };

export class BulkActionError extends Error {}

/** How many subscribers a selection covers, to show before the user confirms. */
export async function countSelection(sel: Selection): Promise<number> {
  return countSelected(sel);
}

function countSelected(sel: Selection): number {
  const where = selectionSql(sel);
  return sqlite()
    .prepare(`SELECT count(*) FROM Subscriber s WHERE ${where.sql}`)
    .pluck()
    .get(...where.params) as number;
}

/**
 * Applies one action to every selected subscriber in one transaction, set-based (a "select all
 * matching" may cover a hundred thousand rows), with one history entry per subscriber.
 */
export async function applyBulkAction(sel: Selection, action: BulkAction, actor: string): Promise<{ affected: number; skipped: number }> {
  // First: from here to the write nothing waits, so what is skipped is counted when it is written.
  const platform = action.type === "tick" ? await getPlatformName() : "";
  const db = sqlite();
  const selected = selectionSql(sel);
  // Subscribers still arriving with an import are left out (arriving.ts), and counted.
  const where = { sql: `(${selected.sql}) AND NOT ${arrivingSql("s")}`, params: selected.params };
  const skipped =
    countSelected(sel) -
    (db
      .prepare(`SELECT count(*) FROM Subscriber s WHERE ${where.sql}`)
      .pluck()
      .get(...where.params) as number);
  const now = Date.now();
  const logEach = db.prepare(`INSERT INTO Event (actor, action, subjectType, subjectId, detail, at)
    SELECT ?, ?, 'subscriber', CAST(s.id AS TEXT), ?, ? FROM Subscriber s WHERE ${where.sql}`);

  return writeTransaction(db, () => {
    if (action.type === "tick") {
      const categories = db
        .prepare(`SELECT DISTINCT s.category FROM Subscriber s WHERE ${where.sql}`)
        .pluck()
        .all(...where.params) as string[];
      if (categories.length !== 1) throw new BulkActionError("Select subscribers of one category to tick a step for all of them.");
      const category = getCategory(categories[0]);
      if (!category?.steps.includes(action.step)) throw new BulkActionError(`"${action.step}" is not a step of ${categories[0]}.`);
      // Logged first: the change below may move rows out of a status filter.
      const affected = logEach.run(
        actor,
        action.done ? "task.done" : "task.undone",
        `${stepLabel(action.step, platform)} (${category.code}) — bulk`,
        now,
        ...where.params,
      ).changes;
      const scope = STEPS[action.step].scope;
      const target = scope === "subscriber" ? "CAST(s.id AS TEXT)" : scope === "domain" ? "s.domain" : "s.lastImportId";
      db.prepare(`INSERT INTO TaskState (scope, target, category, step, done, doneAt, doneBy, updatedAt)
          SELECT DISTINCT ?, ${target}, s.category, ?, ?, ?, ?, ? FROM Subscriber s WHERE ${where.sql}
          ON CONFLICT(scope, target, category, step) DO UPDATE SET done = excluded.done, doneAt = excluded.doneAt, doneBy = excluded.doneBy, updatedAt = excluded.updatedAt`).run(
        scope,
        action.step,
        action.done ? 1 : 0,
        action.done ? now : null,
        action.done ? actor : null,
        now,
        ...where.params,
      );
      // Shared steps also move subscribers outside the selection (same domain or import).
      refreshWorkStatus({ sql: "category = ?", params: [category.code] });
      return { affected, skipped };
    }
    if (action.type === "status") {
      if (action.status === "unrecoverable" && !action.reason) throw new BulkActionError("Say why these subscribers cannot be recovered.");
      const words = action.status === "open" ? "reopened" : `marked ${action.status}`;
      const affected = logEach.run(
        actor,
        `status.${action.status}`,
        `${words}${action.reason ? `: ${action.reason}` : ""} — bulk`,
        now,
        ...where.params,
      ).changes;
      // One UPDATE per case: its IN-list is computed before any row changes, whatever the filter.
      if (action.status === "open") {
        db.prepare(`UPDATE Subscriber SET status = CASE WHEN ${HAS_DONE_TICK} THEN 'in_progress' ELSE 'open' END,
            statusManual = 0, statusReason = NULL, updatedAt = ? WHERE id IN (SELECT s.id FROM Subscriber s WHERE ${where.sql})`).run(now, ...where.params);
      } else {
        db.prepare(
          `UPDATE Subscriber SET status = ?, statusManual = 1, statusReason = ?, updatedAt = ? WHERE id IN (SELECT s.id FROM Subscriber s WHERE ${where.sql})`,
        ).run(action.status, action.reason ?? null, now, ...where.params);
      }
      return { affected, skipped };
    }
    const affected = logEach.run(actor, "subscriber.assignee", `set assignee to ${action.assignee ?? "(nobody)"} — bulk`, now, ...where.params).changes;
    db.prepare(`UPDATE Subscriber SET assignee = ?, updatedAt = ? WHERE id IN (SELECT s.id FROM Subscriber s WHERE ${where.sql})`).run(
      action.assignee,
      now,
      ...where.params,
    );
    return { affected, skipped };
  });
}
