import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { convertPageSize, createDatabaseFile, PAGE_SIZE } from "@/lib/db/database-file";
import { applyMigrationFiles } from "@/lib/db/migration-files";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-dbfile-"));
const pageSize = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma("page_size", { simple: true });
  } finally {
    db.close();
  }
};

/** A database as Rebound created them before its page size: 4 KB pages, in WAL mode. Left open. */
function olderDatabase(name: string): { file: string; db: Database.Database } {
  const file = path.join(dir, name);
  const db = new Database(file);
  db.pragma("page_size = 4096");
  db.pragma("journal_mode = WAL");
  return { file, db };
}

describe("createDatabaseFile", () => {
  it("gives a new database Rebound's page size, in WAL mode, and the migrations keep it", () => {
    const file = path.join(dir, "nested", "new.db");
    createDatabaseFile(file);
    const db = new Database(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    applyMigrationFiles(db);
    db.close();
    expect(pageSize(file)).toBe(PAGE_SIZE);
    expect(PAGE_SIZE).toBe(16_384);
  });

  it("leaves an existing database, its page size and its rows alone", () => {
    const file = path.join(dir, "old.db");
    const old = new Database(file);
    old.pragma("page_size = 4096");
    old.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    old.close();
    createDatabaseFile(file);
    expect(pageSize(file)).toBe(4096);
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT x FROM t").pluck().get()).toBe(1);
    db.close();
  });

  it("can rewrite an older database with the new page size, keeping every row, and stays in WAL mode", () => {
    const { file, db: old } = olderDatabase("convert.db");
    applyMigrationFiles(old);
    old.prepare("INSERT INTO Setting (key, value) VALUES ('k', 'v')").run();
    old.close();
    expect(convertPageSize(file)).toEqual({ before: 4096, after: PAGE_SIZE });
    expect(convertPageSize(file)).toEqual({ before: PAGE_SIZE, after: PAGE_SIZE });
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare("SELECT value FROM Setting WHERE key = 'k'").pluck().get()).toBe("v");
    db.close();
  });

  it("refuses to rewrite a database the server still has open, and leaves it as it was", () => {
    const { file, db: server } = olderDatabase("busy.db");
    server.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    try {
      expect(() => convertPageSize(file)).toThrow(/locked|busy/i);
      expect(server.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(server.prepare("SELECT x FROM t").pluck().get()).toBe(1);
    } finally {
      server.close();
    }
    expect(pageSize(file)).toBe(4096);
  });
});
