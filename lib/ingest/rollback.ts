import type Database from "better-sqlite3";

/**
 * Removes everything an import wrote and puts its subscribers back as their other bounces say,
 * in one transaction. Used when an import fails or was interrupted, so no half-finished import
 * is ever left behind. Subscribers left with no bounce are removed with their checklist ticks.
 * Bounce has no index on importId (prisma/schema.prisma): finding the import's bounces reads the
 * table (twice: the touched subscribers, then the delete), ~0.2 s per million bounces each, on a path
 * taken only when an import went wrong.
 */
export function rollbackImport(db: Database.Database, importId: string): void {
  db.transaction(() => {
    db.exec("CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY)");
    db.exec("DELETE FROM temp.touched");
    db.prepare("INSERT OR IGNORE INTO temp.touched SELECT DISTINCT subscriberId FROM Bounce WHERE importId = ?").run(importId);
    db.prepare("DELETE FROM Bounce WHERE importId = ?").run(importId);
    db.prepare("DELETE FROM RejectedRow WHERE importId = ?").run(importId);
    db.exec(`
      DELETE FROM TaskState WHERE scope = 'subscriber' AND CAST(target AS INTEGER) IN (
        SELECT t.id FROM temp.touched t WHERE NOT EXISTS (SELECT 1 FROM Bounce b WHERE b.subscriberId = t.id));
      DELETE FROM Subscriber WHERE id IN (SELECT id FROM temp.touched)
        AND NOT EXISTS (SELECT 1 FROM Bounce b WHERE b.subscriberId = Subscriber.id);
      UPDATE Subscriber SET
        bounceCount = (SELECT count(*) FROM Bounce b WHERE b.subscriberId = Subscriber.id),
        firstBouncedAt = (SELECT min(occurredAt) FROM Bounce b WHERE b.subscriberId = Subscriber.id),
        lastBouncedAt = (SELECT max(occurredAt) FROM Bounce b WHERE b.subscriberId = Subscriber.id),
        category = (SELECT category FROM Bounce b WHERE b.subscriberId = Subscriber.id ORDER BY occurredAt DESC, id DESC LIMIT 1),
        ruleCategory = (SELECT ruleCategory FROM Bounce b WHERE b.subscriberId = Subscriber.id ORDER BY occurredAt DESC, id DESC LIMIT 1),
        lastImportId = (SELECT importId FROM Bounce b WHERE b.subscriberId = Subscriber.id ORDER BY occurredAt DESC, id DESC LIMIT 1)
      WHERE id IN (SELECT id FROM temp.touched);
      DELETE FROM temp.touched;`);
    db.prepare(
      "UPDATE Import SET rows = 0, accepted = 0, duplicates = 0, rejected = 0, skipped = 0, bytesProcessed = 0 WHERE id = ?",
    ).run(importId);
  }).immediate();
}
