import { FIXTURES, testDir } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createDatabaseFile } from "@/lib/db/database-file";
import { openSqlite } from "@/lib/db/sqlite";
import { HASHES_PER_BOUNCE, bounceTuple } from "@/lib/ingest/pipeline/prepare";
import { openPreparedFile } from "@/lib/ingest/pipeline/prepared-source";
import { createBatchWriter } from "@/lib/ingest/pipeline/writer";

const MIGRATIONS = path.resolve(__dirname, "../../../prisma/migrations");
const INTEGER_KEYS = "20261203185503_dedupe_key_integer";
const migrations = fs
  .readdirSync(MIGRATIONS)
  .filter((name) => fs.existsSync(path.join(MIGRATIONS, name, "migration.sql")))
  .sort();
const apply = (db: Database.Database, names: string[]) => {
  for (const name of names) db.exec(fs.readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8"));
};
const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");

// Until 2026-12-03 Bounce.dedupeKey held 16 hex digits; now the 64-bit integer they spell. A database
// written before must come through the migration with every bounce still recognised, and with its
// tally triggers and id counter as they were.
describe("the migration to integer dedupe keys", () => {
  it("keeps every stored bounce recognised when its file is imported again", async () => {
    const file = path.join(testDir, "before-integer-keys.db");
    createDatabaseFile(file);
    const old = new Database(file);
    apply(
      old,
      migrations.filter((name) => name < INTEGER_KEYS),
    );

    const prepared = await openPreparedFile(path.join(FIXTURES, "powermta-acct.csv"), { batchSize: 10_000, uploadedAtMs: Date.now(), worker: false });
    const iterator = prepared.batches[Symbol.asyncIterator]();
    const batch = (await iterator.next()).value!;
    await iterator.return?.();
    expect(batch.bounceCount).toBeGreaterThan(5);

    // Four bounces stored the old way, the last then deleted: the id counter stays ahead of max(id).
    old
      .prepare("INSERT INTO Import (id, fileName, storedPath, sha256, size, status, createdAt) VALUES ('old000000001', 'a.csv', '/x', 'x', 1, 'done', 0)")
      .run();
    const oldKeys: string[] = [];
    const tuple = bounceTuple();
    for (let i = 0; i < 4; i++) {
      const [line, email, domain, , , , at, category, source, ruleId, ruleCategory] = batch.bounce(i, tuple);
      const h = i * HASHES_PER_BOUNCE;
      oldKeys.push(hex(batch.hashes[h + 1]) + hex(batch.hashes[h + 2]));
      old
        .prepare(
          `INSERT INTO Subscriber (id, email, domain, category, ruleCategory, firstBouncedAt, lastBouncedAt, bounceCount, lastImportId) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'old000000001')`,
        )
        .run(i + 1, email, domain, category, ruleCategory, at, at);
      old
        .prepare(
          `INSERT INTO Bounce (id, subscriberId, importId, line, occurredAt, category, categorySource, ruleId, ruleCategory, dedupeKey) VALUES (?, ?, 'old000000001', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(i + 1, i + 1, line, at, category, source, ruleId, ruleCategory, oldKeys[i]);
    }
    old.prepare("DELETE FROM Bounce WHERE id = 4").run();
    oldKeys.pop();
    const talliesBefore = old.prepare("SELECT sum(n) FROM BounceTally").pluck().get();
    expect(talliesBefore).toBe(3);

    apply(old, [INTEGER_KEYS]);
    const stored = old.prepare("SELECT printf('%016x', dedupeKey) AS key, typeof(dedupeKey) AS type FROM Bounce ORDER BY id").all();
    expect(stored).toEqual(oldKeys.map((key) => ({ key, type: "integer" })));
    expect(
      old.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'Bounce' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name").pluck().all(),
    ).toEqual(["Bounce_dedupeKey_key", "Bounce_subscriberId_occurredAt_idx", "Bounce_tally_delete", "Bounce_tally_insert", "Bounce_tally_update"]);
    expect(old.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'Bounce'").pluck().all()).toEqual([4]);
    expect(old.prepare("SELECT sum(n) FROM BounceTally").pluck().get()).toBe(3);
    // The migrations after it, so today's writer finds the columns it writes.
    apply(
      old,
      migrations.filter((name) => name > INTEGER_KEYS),
    );
    old.prepare("INSERT INTO Import (id, fileName, storedPath, sha256, size, createdAt) VALUES ('new000000001', 'a.csv', '/x', 'x', 1, 0)").run();
    old.close();

    const conn = openSqlite(file);
    try {
      const writer = createBatchWriter(conn, "new000000001");
      writer.writeBatch(batch);
      expect(writer.counts).toMatchObject({ duplicates: 3, accepted: batch.bounceCount - 3 });
      expect(conn.prepare("SELECT min(id) FROM Bounce WHERE importId = 'new000000001'").pluck().get()).toBe(5);
      // Keys written now and keys converted are the same numbers: the whole batch again is all duplicates.
      const again = createBatchWriter(conn, "new000000001");
      again.writeBatch(batch);
      expect(again.counts).toMatchObject({ duplicates: batch.bounceCount, accepted: 0 });
      // So does a big import's, which reads every stored key into memory instead.
      const bulk = createBatchWriter(conn, "new000000001");
      bulk.enterBulkMode(batch.bounceCount);
      bulk.writeBatch(batch);
      expect(bulk.counts).toMatchObject({ duplicates: batch.bounceCount, accepted: 0 });
    } finally {
      conn.close();
    }
  });
});
