import "server-only";
import { stepLabel } from "../categories";
import { reader } from "../db/reader";
import { sqlite, writeTransaction } from "../db/sqlite";
import { decodeTaskId, type TaskRef } from "../tasks/checklist";
import { HAS_DONE_TICK } from "../tasks/work-status";
import { assertSettled } from "./arriving";
import { recordEvent } from "./events";
import { workTopic } from "./memo-topics";
import { getPlatformName } from "./settings";

export class TaskNotFoundError extends Error {
  constructor(id: string) {
    super(`No task "${id}": it must look like scope~target~category~step for a step of that category.`);
    this.name = "TaskNotFoundError";
  }
}

/** Which subscribers a task belongs to, as a WHERE clause over Subscriber. */
function subscribersOf(t: TaskRef): { sql: string; params: (string | number)[] } {
  if (t.scope === "subscriber") return { sql: "id = ? AND category = ?", params: [Number(t.target), t.category] };
  if (t.scope === "domain") return { sql: "domain = ? AND category = ?", params: [t.target, t.category] };
  return { sql: "lastImportId = ? AND category = ?", params: [t.target, t.category] };
}

export interface TaskUpdate {
  done: boolean;
  note?: string | null;
  actor: string;
}

/**
 * Ticks or unticks one checklist task, for every subscriber it covers, records who did it, and moves
 * the covered subscribers between "open" and "in progress" (statuses set by a person are kept).
 */
export async function updateTask(id: string, update: TaskUpdate) {
  const t = decodeTaskId(id);
  if (!t) throw new TaskNotFoundError(id);
  const db = sqlite();
  const who = subscribersOf(t);
  // Refused at once while the subscriber is still arriving with an import, before any wait.
  if (t.scope === "subscriber") assertSettled(Number(t.target));
  const covered = (await reader().pluck<number>(`SELECT count(*) FROM Subscriber WHERE ${who.sql}`, who.params)) ?? 0;
  if (covered === 0) throw new TaskNotFoundError(id);
  const platform = await getPlatformName();
  const now = Date.now();
  // Work on the task's category (ticks, statuses): who is in it and everything about other categories stays.
  const touched = [workTopic(t.category)];

  await writeTransaction(
    db,
    () => {
      db.prepare(`
      INSERT INTO TaskState (scope, target, category, step, done, doneAt, doneBy, note, updatedAt)
      VALUES (@scope, @target, @category, @step, @done, @doneAt, @doneBy, @note, @now)
      ON CONFLICT(scope, target, category, step) DO UPDATE SET
        done = excluded.done, doneAt = excluded.doneAt, doneBy = excluded.doneBy,
        note = CASE WHEN @noteGiven THEN excluded.note ELSE note END, updatedAt = excluded.updatedAt`).run({
        ...t,
        done: update.done ? 1 : 0,
        doneAt: update.done ? now : null,
        doneBy: update.done ? update.actor : null,
        note: update.note ?? null,
        noteGiven: update.note !== undefined ? 1 : 0,
        now,
      });
      if (covered <= REFRESH_CHUNK) refreshWorkStatus(who);
      recordEvent({
        actor: update.actor,
        action: update.done ? "task.done" : "task.undone",
        subjectType: t.scope,
        subjectId: t.target,
        detail: `${stepLabel(t.step, platform)} (${t.category})${update.note ? ` — ${update.note}` : ""}`,
      });
    },
    { touched },
  );
  // A domain- or campaign-wide step may cover tens of thousands of subscribers: their statuses move
  // in chunks, each a short transaction, so neither the server's thread nor the write lock is held
  // for the whole of it (one statement over 60,000 rows stalled every request for about a second).
  if (covered > REFRESH_CHUNK) await refreshWorkStatusInChunks(db, who, touched);
  return getTask(id);
}

/** Subscribers whose work status one statement moves at most. */
const REFRESH_CHUNK = 2_000;

async function refreshWorkStatusInChunks(db: ReturnType<typeof sqlite>, who: { sql: string; params: (string | number)[] }, touched: readonly string[]) {
  const ids = await reader().column<number>(`SELECT id FROM Subscriber WHERE ${who.sql} AND status IN ('open', 'in_progress') ORDER BY id`, who.params);
  for (let at = 0; at < ids.length; at += REFRESH_CHUNK) {
    const chunk = ids.slice(at, at + REFRESH_CHUNK);
    await writeTransaction(db, () => refreshWorkStatus({ sql: `id IN (${chunk.map(() => "?").join(",")})`, params: chunk }), { touched });
    // Let waiting requests run between chunks.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** open ↔ in progress follows the ticks; recovered and unrecoverable are a person's call. Synchronous on purpose: it runs inside the caller's transaction. */
export function refreshWorkStatus(who: { sql: string; params: (string | number)[] }) {
  sqlite()
    .prepare(`UPDATE Subscriber SET status = CASE WHEN ${HAS_DONE_TICK} THEN 'in_progress' ELSE 'open' END, updatedAt = ?
      WHERE ${who.sql} AND status IN ('open', 'in_progress')`)
    .run(Date.now(), ...who.params);
}

export async function getTask(id: string) {
  const t = decodeTaskId(id);
  if (!t) return null;
  const row = await reader().get<{ done: number; doneAt: number | null; doneBy: string | null; note: string | null }>(
    "SELECT done, doneAt, doneBy, note FROM TaskState WHERE scope = ? AND target = ? AND category = ? AND step = ?",
    [t.scope, t.target, t.category, t.step],
  );
  return {
    id,
    step: t.step,
    scope: t.scope,
    target: t.target,
    category: t.category,
    done: row?.done === 1,
    doneAt: row?.done === 1 && row.doneAt ? new Date(row.doneAt).toISOString() : null,
    doneBy: row?.done === 1 ? row.doneBy : null,
    note: row?.note ?? null,
  };
}
