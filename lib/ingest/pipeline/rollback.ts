import type Database from "better-sqlite3";
import { yieldToWriters } from "../../db/busy";

/** Subscribers put back per transaction: short enough (~0.1 s) that people's writes get in between. */
export const ROLLBACK_CHUNK = 2_000;

/**
 * Removes everything an import wrote and puts its subscribers back as their other bounces say, so no
 * half-finished import is ever left behind. Used when an import fails or was interrupted.
 *
 * It works through the touched subscribers in short transactions, each one whole (its subscribers'
 * bounces gone, the subscribers recounted or removed with their ticks), pausing in between for
 * waiting writers and the event loop. Interrupted, it is simply run again: what is left is found anew.
 * Finding the import's bounces reads the Bounce table once (it has no index on importId).
 */
export async function rollbackImport(db: Database.Database, importId: string, onProgress?: (done: number, total: number) => void): Promise<void> {
  db.exec("CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY)");
  db.exec("DELETE FROM temp.touched");
  db.prepare("INSERT OR IGNORE INTO temp.touched SELECT DISTINCT subscriberId FROM Bounce WHERE importId = ?").run(importId);
  const total = db.prepare("SELECT count(*) FROM temp.touched").pluck().get() as number;
  const chunk = db.transaction(() => putBackSubscribers(db, importId));
  for (let done = 0; done < total; ) {
    yieldToWriters();
    done += chunk.immediate();
    onProgress?.(done, total);
    await new Promise((resolve) => setImmediate(resolve));
  }
  db.transaction(() => {
    db.prepare("DELETE FROM RejectedRow WHERE importId = ?").run(importId);
    db.prepare("DELETE FROM BounceEmail WHERE importId = ?").run(importId);
    db.prepare("DELETE FROM Complaint WHERE importId = ?").run(importId);
    db.prepare(
      "UPDATE Import SET rows = 0, accepted = 0, duplicates = 0, rejected = 0, skipped = 0, skipReasons = NULL, undated = 0, complaints = 0, bytesProcessed = 0 WHERE id = ?",
    ).run(importId);
  }).immediate();
}

/** One chunk: the next ROLLBACK_CHUNK touched subscribers lose this import's bounces. Returns how many. */
function putBackSubscribers(db: Database.Database, importId: string): number {
  db.exec("CREATE TEMP TABLE IF NOT EXISTS chunk (id INTEGER PRIMARY KEY)");
  db.exec("DELETE FROM temp.chunk");
  const taken = db.prepare("INSERT INTO temp.chunk SELECT id FROM temp.touched ORDER BY id LIMIT ?").run(ROLLBACK_CHUNK).changes;
  db.prepare("DELETE FROM Bounce WHERE subscriberId IN (SELECT id FROM temp.chunk) AND importId = ?").run(importId);
  db.exec(`
    DELETE FROM TaskState WHERE scope = 'subscriber' AND CAST(target AS INTEGER) IN (
      SELECT c.id FROM temp.chunk c WHERE NOT EXISTS (SELECT 1 FROM Bounce b WHERE b.subscriberId = c.id));
    DELETE FROM Subscriber WHERE id IN (SELECT id FROM temp.chunk)
      AND NOT EXISTS (SELECT 1 FROM Bounce b WHERE b.subscriberId = Subscriber.id);
    UPDATE Subscriber SET
      bounceCount = (SELECT count(*) FROM Bounce b WHERE b.subscriberId = Subscriber.id),
      firstBouncedAt = (SELECT min(occurredAt) FROM Bounce b WHERE b.subscriberId = Subscriber.id),
      lastBouncedAt = (SELECT max(occurredAt) FROM Bounce b WHERE b.subscriberId = Subscriber.id),
      category = (SELECT category FROM Bounce b WHERE b.subscriberId = Subscriber.id ORDER BY occurredAt DESC, id DESC LIMIT 1),
      ruleCategory = (SELECT ruleCategory FROM Bounce b WHERE b.subscriberId = Subscriber.id ORDER BY occurredAt DESC, id DESC LIMIT 1),
      lastImportId = (SELECT importId FROM Bounce b WHERE b.subscriberId = Subscriber.id ORDER BY occurredAt DESC, id DESC LIMIT 1)
    WHERE id IN (SELECT id FROM temp.chunk);
    DELETE FROM temp.touched WHERE id IN (SELECT id FROM temp.chunk);`);
  return taken;
}
