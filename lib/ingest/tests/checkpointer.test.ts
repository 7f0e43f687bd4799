import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { startCheckpointer } from "@/lib/ingest/threads/checkpointer";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A big import's writer never checkpoints by itself; the checkpoint thread must copy its WAL into the
// database file as it goes, so the WAL is reused instead of growing with the whole import.
describe("the checkpoint thread", () => {
  it("copies a writer's WAL into the database file as it writes, keeping the WAL small, and stops cleanly", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rebound-ckpt-")), "db.sqlite");
    const writer = new Database(file);
    writer.pragma("journal_mode = WAL");
    writer.pragma("synchronous = NORMAL");
    writer.pragma("wal_autocheckpoint = 0");
    writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    const insert = writer.prepare("INSERT INTO t (v) VALUES (?)");
    const writeMegabyte = writer.transaction(() => {
      for (let i = 0; i < 1000; i++) insert.run("x".repeat(1000));
    });
    const mainFileSize = () => fs.statSync(file).size;

    const checkpointer = startCheckpointer(file);
    expect(checkpointer, "the bundle is built by the test setup").not.toBeNull();
    const before = mainFileSize();
    const megabytes = 20;
    for (let i = 0; i < megabytes; i++) {
      writeMegabyte();
      await sleep(150);
    }
    await checkpointer!.stop();

    expect(mainFileSize() - before).toBeGreaterThan((megabytes - 2) * 1024 * 1024);
    expect(fs.statSync(file + "-wal").size).toBeLessThan((megabytes / 4) * 1024 * 1024);
    expect(writer.prepare("SELECT count(*) FROM t").pluck().get()).toBe(megabytes * 1000);
    writer.close();
  });
});
