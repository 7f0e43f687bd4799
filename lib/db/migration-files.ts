import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";

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
