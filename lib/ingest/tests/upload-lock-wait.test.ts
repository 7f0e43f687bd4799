import { testDbFile } from "../../../test/helpers/test-db";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { WRITE_WAIT_MS } from "@/lib/db/busy";
import { sqlite } from "@/lib/db/sqlite";
import { completeUpload, startImport } from "../upload/records";

// The import an upload feeds may hold the write lock for longer than a click waits (its first
// transaction into a cold, big database): the upload's own completion must outwait it.
describe("an upload's completion", () => {
  it("waits for a write lock held longer than a person's click waits", async () => {
    const upload = { id: "lockwait0001", storedPath: "/nowhere/lockwait0001.upload", sha256: "ab".repeat(32), size: 123 };
    await startImport(upload, "lock-wait.csv", { expectedSize: null, kick: false });
    const other = new Database(testDbFile);
    other.exec("BEGIN IMMEDIATE");
    const holdMs = WRITE_WAIT_MS + 1000;
    setTimeout(() => other.exec("COMMIT"), holdMs);
    const started = Date.now();
    await completeUpload(upload, { kick: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(holdMs - 50);
    other.close();
    expect(sqlite().prepare("SELECT size, sha256, uploadedAt IS NOT NULL AS uploaded FROM Import WHERE id = ?").get(upload.id)).toEqual({
      size: 123,
      sha256: upload.sha256,
      uploaded: 1,
    });
  });
});
