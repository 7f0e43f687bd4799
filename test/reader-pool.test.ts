import { FIXTURES } from "./helpers/test-db";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { reader, ReaderFailedError } from "@/lib/db/reader";
import { sqlite, writeTransaction } from "@/lib/db/sqlite";
import { guarded } from "@/lib/http";
import { importFile } from "./helpers/import-file";

// The real pool: reader threads (build/reader-thread.cjs, built by the test setup) on this test's
// database file, each with its own connection.
describe("the reader pool", () => {
  beforeAll(async () => {
    await importFile(path.join(FIXTURES, "powermta-acct.csv"));
  });

  it("answers from threads of its own, which cannot write", async () => {
    expect(await reader().pluck("PRAGMA query_only")).toBe(1);
    expect(sqlite().pragma("query_only", { simple: true })).toBe(0);
    await expect(reader().all("DELETE FROM Subscriber")).rejects.toThrow(/only runs statements that return rows/);
    await expect(reader().all("DELETE FROM Subscriber RETURNING id")).rejects.toThrow(/readonly/);
    expect(sqlite().prepare("SELECT count(*) FROM Subscriber").pluck().get()).toBeGreaterThan(0);
  });

  it("gives the same answers as the server's own connection", async () => {
    const direct = sqlite();
    const queries: [string, (string | number)[]][] = [
      ["SELECT * FROM Subscriber ORDER BY id", []],
      ["SELECT category, count(*) AS n FROM Subscriber GROUP BY category ORDER BY category", []],
      ["SELECT * FROM Bounce WHERE subscriberId = ? ORDER BY id", [1]],
      ["SELECT email FROM Subscriber WHERE domain = ? ORDER BY email", ["hotmail.es"]],
      ["SELECT * FROM Import", []],
    ];
    // More at once than there are threads: they queue and each gets its own answer.
    const answers = await Promise.all(queries.flatMap(([sql, params]) => [reader().all(sql, params), reader().get(sql, params)]));
    queries.forEach(([sql, params], i) => {
      expect(answers[2 * i]).toEqual(direct.prepare(sql).all(...params));
      expect(answers[2 * i + 1]).toEqual(direct.prepare(sql).get(...params));
    });
    expect(await reader().pluck("SELECT count(*) FROM Subscriber WHERE category = ?", ["bad-mailbox"])).toBe(
      direct.prepare("SELECT count(*) FROM Subscriber WHERE category = ?").pluck().get("bad-mailbox"),
    );
    expect(await reader().column("SELECT id FROM Subscriber ORDER BY id")).toEqual(direct.prepare("SELECT id FROM Subscriber ORDER BY id").pluck().all());
    expect(await reader().get("SELECT * FROM Subscriber WHERE id = -1")).toBeUndefined();
  });

  it("sees a commit of the server's connection at once", async () => {
    const db = sqlite();
    await writeTransaction(db, () => db.prepare("UPDATE Subscriber SET assignee = 'Reader test' WHERE id = 1").run());
    expect(await reader().pluck("SELECT assignee FROM Subscriber WHERE id = 1")).toBe("Reader test");
  });

  it("names a statement's own error and goes on answering", async () => {
    await expect(reader().all("SELECT nope FROM Subscriber")).rejects.toThrow(/no such column: nope/);
    expect(await reader().pluck("SELECT 41 + 1")).toBe(42);
  });

  it("fails the statement of a thread that dies with a JSON 503, and a new thread answers the next", async () => {
    // More rows than a reader's heap holds: its thread runs out of memory and stops.
    const tooBig = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT x, hex(randomblob(64)) AS h FROM c";
    const dying = reader().all(tooBig);
    const queued = Array.from({ length: 4 }, (_, i) => reader().pluck<number>("SELECT ? * 2", [i]));
    await expect(dying).rejects.toBeInstanceOf(ReaderFailedError);
    expect(await Promise.all(queued)).toEqual([0, 2, 4, 6]);

    const route = guarded(async () => {
      await reader().all(tooBig);
      return new Response("unreachable");
    });
    const response = await route();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "reader-failed", message: expect.stringContaining("try again") } });
    expect(await reader().pluck("SELECT count(*) > 0 FROM Subscriber")).toBe(1);
  }, 60_000);
});
