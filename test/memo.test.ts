import { testDbFile } from "./helpers/test-db";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { remember } from "@/lib/db/memo";
import { sqlite, writeTransaction } from "@/lib/db/sqlite";

// Counts are remembered between page views; a change by anyone must show at once, and a change to
// one category must not throw away what is remembered about another.
describe("remember", () => {
  const db = sqlite();
  db.exec("CREATE TABLE IF NOT EXISTS memo_probe (topic TEXT, n INTEGER)");
  const insert = (topic: string) => db.prepare("INSERT INTO memo_probe VALUES (?, 1)").run(topic);
  const counter = (topic: string) => {
    const calls = { n: 0 };
    const read = () =>
      remember(db, `probe:${topic}`, [topic], async () => {
        calls.n++;
        return db.prepare("SELECT count(*) FROM memo_probe WHERE topic = ?").pluck().get(topic) as number;
      });
    return { calls, read };
  };

  it("keeps an answer through writes that touched other topics, and recomputes after one that touched its own", async () => {
    const a = counter("a");
    expect(await a.read()).toBe(0);
    expect(await a.read()).toBe(0);
    expect(a.calls.n).toBe(1);

    await writeTransaction(db, () => insert("b"), { touched: ["b"] });
    expect(await a.read()).toBe(0);
    expect(a.calls.n).toBe(1);

    await writeTransaction(db, () => insert("a"), { touched: ["a"] });
    expect(await a.read()).toBe(1);
    expect(a.calls.n).toBe(2);
  });

  it("starts afresh after a write nobody described, on this connection or another", async () => {
    const c = counter("c");
    expect(await c.read()).toBe(0);
    insert("c");
    expect(await c.read()).toBe(1);
    await writeTransaction(db, () => insert("c"));
    expect(await c.read()).toBe(2);

    const other = new Database(testDbFile);
    other.prepare("INSERT INTO memo_probe VALUES ('c', 1)").run();
    other.close();
    expect(await c.read()).toBe(3);
    expect(await c.read()).toBe(3);
    expect(c.calls.n).toBe(4);
  });

  it("shares one computation between callers, and does not keep one that failed", async () => {
    let calls = 0;
    const slow = () =>
      remember(db, "shared", ["s"], async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
        return calls;
      });
    expect(await Promise.all([slow(), slow(), slow()])).toEqual([1, 1, 1]);

    await expect(remember(db, "failing", ["s"], () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await remember(db, "failing", ["s"], async () => "now")).toBe("now");
  });

  it("does not keep an answer computed while a write to its topic committed", async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const stale = remember(db, "racing", ["r"], async () => {
      const n = db.prepare("SELECT count(*) FROM memo_probe WHERE topic = 'r'").pluck().get() as number;
      await gate;
      return n;
    });
    await writeTransaction(db, () => insert("r"), { touched: ["r"] });
    release();
    expect(await stale).toBe(0);
    expect(await remember(db, "racing", ["r"], async () => db.prepare("SELECT count(*) FROM memo_probe WHERE topic = 'r'").pluck().get())).toBe(1);
  });
});
