import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MultiRowInsert } from "./multi-row-insert";

function table() {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, kind TEXT)");
  return db;
}

describe("MultiRowInsert", () => {
  it("writes every row, in the order added, whole statements and the rest", () => {
    const db = table();
    const insert = new MultiRowInsert(db, "t (a, b, kind)", "(?, ?, 'x')", 4);
    for (let i = 0; i < 10; i++) insert.add(`row ${i}`, i);
    // Two statements of four went; two rows wait, unseen by queries until flushed.
    expect(insert.pending).toBe(2);
    expect(db.prepare("SELECT count(*) FROM t").pluck().get()).toBe(8);
    expect(insert.peek(1, 0)).toBe("row 9");
    insert.flush();
    expect(insert.pending).toBe(0);
    expect(db.prepare("SELECT id, a, b, kind FROM t ORDER BY id").raw().all()).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, `row ${i}`, i, "x"]));
    insert.flush(); // nothing waiting: nothing written
    expect(db.prepare("SELECT count(*) FROM t").pluck().get()).toBe(10);
  });

  it("writes what its rows refer to first, and refuses a row of the wrong width", () => {
    const db = table();
    const order: string[] = [];
    const parents = new MultiRowInsert(db, "parent (id)", "(?)", 8, () => order.push("parents"));
    const children = new MultiRowInsert(db, "t (b)", "(?)", 2, () => {
      order.push("children");
      parents.flush();
    });
    parents.add(7);
    children.add(7);
    children.add(7);
    expect(order).toEqual(["children", "parents"]);
    expect(db.prepare("SELECT count(*) FROM parent").pluck().get()).toBe(1);
    expect(() => children.add(1, 2)).toThrow("Expected 1 values, got 2");
  });
});
