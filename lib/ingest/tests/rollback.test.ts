import { testDbFile, testDir } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { tallyDrift } from "@/lib/db/tallies";
import { ROLLBACK_CHUNK, rollbackImport } from "@/lib/ingest/pipeline/rollback";
import { importFile } from "../../../test/helpers/import-file";

describe("rolling back a big import", () => {
  it("works in short transactions that let other writers in, and ends exact", async () => {
    const known = path.join(testDir, "known.csv");
    fs.writeFileSync(known, "email,status,diagnostic\nkept@known.example,5.2.2,552 mailbox full\n");
    await importFile(known);
    const rows = ["email,status,diagnostic", "kept@known.example,5.1.1,550 user unknown"];
    for (let i = 0; i < ROLLBACK_CHUNK * 2 + 500; i++) rows.push(`r${i}@rollback${i % 40}.example,5.1.1,550 5.1.1 user unknown`);
    const big = path.join(testDir, "big.csv");
    fs.writeFileSync(big, `${rows.join("\n")}\n`);
    const imported = await importFile(big);
    expect(imported.row.accepted).toBe(rows.length - 1);

    const db = sqlite();
    const other = new Database(testDbFile, { timeout: 0 });
    const progress: number[] = [];
    let othersGotIn = 0;
    await rollbackImport(db, imported.id, (done) => {
      progress.push(done);
      // Between two chunks nobody holds the lock: a writer that will not wait gets in at once.
      other.prepare("INSERT INTO Setting (key, value) VALUES ('between-chunks', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(done));
      othersGotIn++;
    });
    other.close();

    expect(progress).toEqual([ROLLBACK_CHUNK, ROLLBACK_CHUNK * 2, ROLLBACK_CHUNK * 2 + 501]);
    expect(othersGotIn).toBe(3);
    expect(db.prepare("SELECT count(*) FROM Bounce WHERE importId = ?").pluck().get(imported.id)).toBe(0);
    expect(db.prepare("SELECT email, category, bounceCount FROM Subscriber").all()).toEqual([
      { email: "kept@known.example", category: "quota-issues", bounceCount: 1 },
    ]);
    expect(tallyDrift(db)).toEqual([]);
  });
});
