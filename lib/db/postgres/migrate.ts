import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { openPostgres } from "./connect";

/** prisma/postgres/migrations: one folder per migration, applied in name order. */
export const POSTGRES_MIGRATIONS = path.resolve(__dirname, "../../../prisma/postgres/migrations");

/** Where applied migrations are recorded (Prisma's own table is not used: its CLI cannot migrate through the pg adapter). */
export const MIGRATIONS_TABLE = "_rebound_migrations";

// One key for every Rebound instance: two starting together take turns, the second finds nothing to do.
const ADVISORY_LOCK_KEY = 7_263_421_901;

/** A migration that failed or cannot be trusted; the message names the file. */
export class PostgresMigrationError extends Error {
  override name = "PostgresMigrationError";
}

interface MigrationFile {
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

function readMigrations(dir: string): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      const sql = fs.readFileSync(file, "utf8");
      // Line endings normalised: a checkout with CRLF is the same migration.
      const checksum = crypto.createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
      return { name, file, sql, checksum };
    });
}

/** Line and column of a 1-based character position in `text` (PostgreSQL reports errors by position). */
function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, Math.max(0, position - 1)).split("\n");
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/**
 * Applies the migrations of `dir` that the database has not recorded yet, in order, each in its own
 * transaction, under an advisory lock so that instances starting together apply each one once.
 * Refuses to run when an applied migration's file changed or is missing. Returns the names applied.
 */
export async function migratePostgres(url: string, options: { dir?: string; log?: (line: string) => void } = {}): Promise<string[]> {
  const dir = options.dir ?? POSTGRES_MIGRATIONS;
  const files = readMigrations(dir);
  const client = await openPostgres(url);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      return await applyPending(client, files, dir, options.log ?? (() => {}));
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(client: pg.Client, files: MigrationFile[], dir: string, log: (line: string) => void): Promise<string[]> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`);
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of rows) {
    const file = byName.get(row.name);
    if (!file) {
      throw new PostgresMigrationError(
        `The database has migration ${row.name} applied, which ${dir} does not hold: it was migrated by another version of Rebound. Run that version, or restore the migration.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new PostgresMigrationError(
        `${file.file} was changed after it was applied to this database (checksum ${row.checksum.slice(0, 12)}… then, ${file.checksum.slice(0, 12)}… now). Applied migrations must not change: restore the file and put the change in a new migration.`,
      );
    }
  }
  const applied = new Set(rows.map((r) => r.name));
  const done: string[] = [];
  for (const migration of files) {
    if (applied.has(migration.name)) continue;
    await client.query("BEGIN");
    try {
      await client.query(migration.sql);
      await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2)`, [migration.name, migration.checksum]);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      const e = error as { message?: string; position?: string };
      const where = e.position ? `, ${lineAndColumn(migration.sql, Number(e.position))}` : "";
      throw new PostgresMigrationError(`Migration ${migration.file}${where} failed and was rolled back: ${e.message ?? String(error)}`);
    }
    log(`Applied PostgreSQL migration ${migration.name}`);
    done.push(migration.name);
  }
  return done;
}
