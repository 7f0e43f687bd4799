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
