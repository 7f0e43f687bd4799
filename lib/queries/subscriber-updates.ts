import "server-only";
import { sqlite, writeTransaction } from "../db/sqlite";
import type { SubscriberPatch } from "../validation/subscriber";
import { assertSettled } from "./arriving";
import { logEvent, recordEvent } from "./events";
import { workTopic } from "./memo-topics";
import { refreshWorkStatus } from "./tasks";

const STATUS_WORDS: Record<string, string> = { open: "reopened", recovered: "marked recovered", unrecoverable: "marked unrecoverable" };
const FIELD_WORDS: Record<string, string> = { name: "name", phone: "phone", company: "company", assignee: "assignee" };

/**
 * Applies a person's edit to a subscriber and records each change in the history.
 * Returns false when the subscriber does not exist.
 */
export async function updateSubscriber(id: number, patch: SubscriberPatch, actor: string): Promise<boolean> {
  const db = sqlite();
  // On the writer, right before its transaction: what the edit compares with is what it changes.
  const current = db.prepare("SELECT * FROM Subscriber WHERE id = ?").get(id) as Record<string, unknown> | undefined;
  if (!current) return false;
  assertSettled(id);
  const now = Date.now();
  // Work on one subscriber: who is in which category stays, and so do answers about other categories.
  await writeTransaction(
    db,
    () => {
      for (const field of ["name", "phone", "company", "assignee"] as const) {
        const value = patch[field];
        if (value === undefined || value === current[field]) continue;
        db.prepare(`UPDATE Subscriber SET ${field} = ?, updatedAt = ? WHERE id = ?`).run(value, now, id);
        recordEvent({
          actor,
          action: `subscriber.${field}`,
          subjectType: "subscriber",
          subjectId: String(id),
          detail: `set ${FIELD_WORDS[field]} to ${value ?? "(empty)"}`,
        });
      }
      if (patch.status && (patch.status !== current.status || patch.statusReason !== undefined)) {
        if (patch.status === "open") {
          // Back to the checklist's say: in progress if anything is ticked, else open.
          db.prepare("UPDATE Subscriber SET status = 'open', statusManual = 0, statusReason = NULL, updatedAt = ? WHERE id = ?").run(now, id);
          refreshWorkStatus({ sql: "id = ?", params: [id] });
        } else {
          db.prepare("UPDATE Subscriber SET status = ?, statusManual = 1, statusReason = ?, updatedAt = ? WHERE id = ?").run(
            patch.status,
            patch.statusReason ?? null,
            now,
            id,
          );
        }
        recordEvent({
          actor,
          action: `status.${patch.status}`,
          subjectType: "subscriber",
          subjectId: String(id),
          detail: `${STATUS_WORDS[patch.status]}${patch.statusReason ? `: ${patch.statusReason}` : ""}`,
        });
      }
    },
    { touched: [workTopic(String(current.category))] },
  );
  return true;
}

export async function addSubscriberNote(id: number, text: string, actor: string): Promise<boolean> {
  // On the writer, with the check below: a primary-key lookup, and no wait between them and the write.
  const exists = sqlite().prepare("SELECT 1 FROM Subscriber WHERE id = ?").get(id);
  if (!exists) return false;
  assertSettled(id);
  await logEvent({ actor, action: "note", subjectType: "subscriber", subjectId: String(id), detail: text });
  return true;
}
