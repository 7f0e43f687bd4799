#!/usr/bin/env node
// Authors a migration from the last committed schema to the current one with `prisma migrate diff`
// (schema to schema, no database): `prisma migrate dev` does not work with the driver adapter here
// (its shadow database runs a migration file as one statement and fails). Usage: npm run db:new-migration -- <name>
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const dir = "prisma/migrations";
const snapshot = path.join(dir, "schema.snapshot.prisma");
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
fs.mkdirSync(target, { recursive: true });
const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script", "-o", path.join(target, "migration.sql")],
  { stdio: "inherit" },
);
const sql = fs.readFileSync(path.join(target, "migration.sql"), "utf8");
if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
  fs.rmSync(target, { recursive: true });
  console.log("Schema unchanged: no migration written.");
  process.exit(0);
}
fs.copyFileSync("prisma/schema.prisma", snapshot);
if (!fs.existsSync(path.join(dir, "migration_lock.toml"))) {
  fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "sqlite"' + os.EOL);
}
console.log(`Wrote ${target}/migration.sql`);
