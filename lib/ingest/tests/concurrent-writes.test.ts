import { FIXTURES, testDbFile } from "../../../test/helpers/test-db";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sqlite, openSqlite } from "@/lib/db/sqlite";
import { openPreparedFile } from "@/lib/ingest/pipeline/prepared-source";
import { createBatchWriter } from "@/lib/ingest/pipeline/writer";
import { HASHES_PER_BOUNCE } from "@/lib/ingest/pipeline/prepare";
import { importFile } from "../../../test/helpers/import-file";

// SQLite refuses at once ("database is locked", no waiting) a transaction that began by reading and
// then writes after another connection committed in between. A batch of a repeated file only reads
// until it saves its counts, and people tick, or the upload route records the file, meanwhile: the
// import must not fail for that.
describe("an import batch while others write", () => {
  it("is not failed by a write another connection commits during the batch", async () => {
    const file = path.join(FIXTURES, "powermta-acct.csv");
    const first = await importFile(file);
    expect(first.row.status).toBe("done");

    // The same file again, as a repeat import: every row a duplicate.
    sqlite()
      .prepare("INSERT INTO Import (id, fileName, storedPath, sha256, size, createdAt) VALUES ('again0000001', 'again.csv', ?, 'x', 1, ?)")
      .run(first.storedPath, Date.now());
    const prepared = await openPreparedFile(first.storedPath, { batchSize: 10_000, uploadedAtMs: Date.now(), worker: false });
    const iterator = prepared.batches[Symbol.asyncIterator]();
    const batch = (await iterator.next()).value!;
    await iterator.return?.();
    expect(batch.bounceCount).toBeGreaterThan(10);

    // Someone else writes while the writer is half-way through the batch's rows.
    const other = new Database(testDbFile, { timeout: 0 });
    let otherWrite: "committed" | "waited for the batch" | null = null;
    // A duplicate's row is never read, only its dedupe key (in `hashes`): the sixth one's is the moment.
    const sixthKey = String(5 * HASHES_PER_BOUNCE + 1);
    batch.hashes = new Proxy(batch.hashes, {
      get(target, property) {
        if (property === sixthKey && otherWrite === null) {
          try {
            other.prepare("INSERT INTO Setting (key, value) VALUES ('concurrent', 'x') ON CONFLICT(key) DO UPDATE SET value = value || 'x'").run();
            otherWrite = "committed";
          } catch (error) {
            expect((error as { code?: string }).code).toBe("SQLITE_BUSY");
            otherWrite = "waited for the batch";
          }
        }
        return Reflect.get(target, property, target);
      },
    });

    const conn = openSqlite(testDbFile);
    try {
      const writer = createBatchWriter(conn, "again0000001");
      writer.writeBatch(batch);
      expect(writer.counts).toMatchObject({ duplicates: batch.bounceCount, accepted: 0 });
    } finally {
      conn.close();
      other.close();
    }
    // The batch held the write lock from its start: the other write had to wait (here: give up at once).
    expect(otherWrite).toBe("waited for the batch");
  });
});
