#!/usr/bin/env node
// Authors a migration from the last committed schema to the current one with `prisma migrate diff`
// (schema to schema, no database): `prisma migrate dev` does not work with the driver adapter here
// (its shadow database runs a migration file as one statement and fails). Writes the same migration
// for PostgreSQL too, from prisma/postgres/schema.prisma (regenerated first) into prisma/postgres/migrations.
// Usage: npm run db:new-migration -- <name>
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgresSchema, SOURCE, TARGET } from "./db/postgres-schema.mjs";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

/** Writes <dir>/<stamp>_<name>/migration.sql from the dir's snapshot to `schema`; false when nothing changed. */
function diffMigration(dir, schema, provider) {
  const snapshot = path.join(dir, "schema.snapshot.prisma");
  const target = path.join(dir, `${stamp}_${name}`);
  fs.mkdirSync(target, { recursive: true });
  const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script", "-o", path.join(target, "migration.sql")], {
    stdio: "inherit",
  });
  const sql = fs.readFileSync(path.join(target, "migration.sql"), "utf8");
  if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
    fs.rmSync(target, { recursive: true });
    return false;
  }
  fs.copyFileSync(schema, snapshot);
  if (!fs.existsSync(path.join(dir, "migration_lock.toml"))) {
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), `provider = "${provider}"` + os.EOL);
  }
  console.log(`Wrote ${target}/migration.sql`);
  return true;
}

if (!diffMigration("prisma/migrations", "prisma/schema.prisma", "sqlite")) {
  console.log("Schema unchanged: no migration written.");
  process.exit(0);
}
fs.writeFileSync(TARGET, postgresSchema(fs.readFileSync(SOURCE, "utf8")));
diffMigration("prisma/postgres/migrations", path.relative(process.cwd(), TARGET), "postgresql");
console.log(
  "Anything written by hand into the SQLite migration (triggers, partial indexes, moving data) needs its PostgreSQL\n" +
    "translation in the PostgreSQL one. Then: npx prisma generate && npx prisma generate --schema prisma/postgres/schema.prisma",
);
