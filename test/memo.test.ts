import { testDbFile } from "./helpers/test-db";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { memoUntilChange } from "@/lib/db/memo";
import { sqlite } from "@/lib/db/sqlite";

// The overview's counts are remembered between page views; a change by anyone must show at once.
describe("memoUntilChange", () => {
  it("answers from memory until this or another connection writes", () => {
    const db = sqlite();
    db.exec("CREATE TABLE IF NOT EXISTS memo_probe (n INTEGER)");
    let computed = 0;
    const count = () => memoUntilChange(db, "probe", () => (computed++, db.prepare("SELECT count(*) FROM memo_probe").pluck().get()));

    expect(count()).toBe(0);
    expect(count()).toBe(0);
    expect(computed).toBe(1);

    db.prepare("INSERT INTO memo_probe VALUES (1)").run();
    expect(count()).toBe(1);
    expect(computed).toBe(2);

    const other = new Database(testDbFile);
    other.prepare("INSERT INTO memo_probe VALUES (2)").run();
    other.close();
    expect(count()).toBe(2);
    expect(count()).toBe(2);
    expect(computed).toBe(3);
  });

  it("keeps answers apart by key", () => {
    const db = sqlite();
    expect(memoUntilChange(db, "a", () => "A")).toBe("A");
    expect(memoUntilChange(db, "b", () => "B")).toBe("B");
    expect(memoUntilChange(db, "a", () => "changed")).toBe("A");
  });
});
