import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createDatabaseFile } from "./database-file";

/**
 * Applies prisma/migrations/*\/migration.sql in order to a fresh database, without Prisma's CLI: for
 * test and benchmark databases, which must be built exactly as `prisma migrate deploy` builds them.
 */
export function applyMigrationFiles(db: Database.Database, dir: string = path.resolve(__dirname, "../../prisma/migrations")): void {
  for (const name of fs.readdirSync(dir).sort()) {
    const sql = path.join(dir, name, "migration.sql");
    if (fs.existsSync(sql)) db.exec(fs.readFileSync(sql, "utf8"));
  }
}

/**
 * A new database file for tests and benchmarks, built as `npm start` builds one: Rebound's page size
 * (lib/db/database-file.ts), then every migration.
 */
export function createMigratedDatabase(file: string): void {
  createDatabaseFile(file);
  const db = new Database(file);
  try {
    applyMigrationFiles(db);
  } finally {
    db.close();
  }
}

/**
 * Migrations in `dir` that `prisma migrate deploy` has not applied to this database yet (all of them
 * for a new or empty file). Read-only, so it can run beside a server that has the database open.
 */
export function pendingMigrations(file: string, dir: string = path.resolve(__dirname, "../../prisma/migrations")): string[] {
  const all = fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort();
  if (!fs.existsSync(file)) return all;
  const db = new Database(file, { readonly: true, timeout: 5_000 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return all;
    const applied = new Set(
      db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").pluck().all() as string[],
    );
    return all.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}
