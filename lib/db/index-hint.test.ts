import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { withIndexHint } from "./index-hint";

describe("withIndexHint", () => {
  it("pins an index that exists, leaves out one that does not", async () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (a); CREATE INDEX t_a ON t (a)");
    expect(await withIndexHint(db, "t_a", async (hint) => hint)).toBe('INDEXED BY "t_a"');
    expect(await withIndexHint(db, "gone", async (hint) => hint)).toBe("");
    expect(await withIndexHint(db, null, async (hint) => hint)).toBe("");
  });

  it("runs again without the hint when the index went between the check and the statement", async () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (a); CREATE INDEX t_a ON t (a); INSERT INTO t VALUES (1)");
    const hints: string[] = [];
    const n = await withIndexHint(db, "t_a", async (hint) => {
      hints.push(hint);
      // As a big import does while a reader thread has the statement queued.
      if (hints.length === 1) db.exec("DROP INDEX t_a");
      return db.prepare(`SELECT count(*) FROM t ${hint}`).pluck().get();
    });
    expect(n).toBe(1);
    expect(hints).toEqual(['INDEXED BY "t_a"', ""]);
  });
});
