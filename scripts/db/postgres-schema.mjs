#!/usr/bin/env node
// Writes prisma/postgres/schema.prisma from prisma/schema.prisma: Prisma allows one provider per
// schema, and the SQLite one stays the source. `--check` only says whether the copy is stale (CI).
// Usage: npm run db:postgres-schema [-- --check]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SOURCE = path.join(root, "prisma/schema.prisma");
export const TARGET = path.join(root, "prisma/postgres/schema.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:postgres-schema\`: edit that file, not this one.
// The same models for PostgreSQL: its own client (generated/prisma-pg) and migrations (prisma/postgres/migrations).
`;

/** The PostgreSQL schema for a SQLite schema's text. */
export function postgresSchema(source) {
  let text = source.replace(/^datasource db \{[\s\S]*?\n\}/m, (block) => {
    if (!/provider\s*=\s*"sqlite"/.test(block)) throw new Error(`${SOURCE}: the datasource block no longer says provider = "sqlite"`);
    // The url line must stay (as in the source): a placeholder, the real one comes from DATABASE_URL.
    return 'datasource db {\n  provider = "postgresql"\n  url      = "postgresql://localhost/rebound"\n}';
  });
  text = text.replace(/^(generator client \{[\s\S]*?output\s*=\s*)"[^"]*"/m, '$1"../../generated/prisma-pg"');
  // Instants as timestamptz: absolute whatever the session's time zone, like the unix ms SQLite keeps.
  text = text.replace(/^(\s+\w+\s+DateTime\??)([^\n/]*?)(\s*\/\/[^\n]*)?$/gm, (line, head, attrs, comment = "") =>
    /@db\./.test(attrs) ? line : `${head}${attrs} @db.Timestamptz(3)${comment}`,
  );
  if (!text.includes('provider = "postgresql"') || !text.includes("generated/prisma-pg")) {
    throw new Error(`${SOURCE}: could not find the datasource and generator blocks to rewrite`);
  }
  return HEADER + text;
}

function main() {
  const expected = postgresSchema(fs.readFileSync(SOURCE, "utf8"));
  const actual = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (actual !== expected) {
      console.error(
        `${path.relative(root, TARGET)} is stale: run npm run db:postgres-schema (and npx prisma generate --schema ${path.relative(root, TARGET)}).`,
      );
      process.exit(1);
    }
    console.log(`${path.relative(root, TARGET)} is up to date.`);
    return;
  }
  if (actual === expected) return console.log(`${path.relative(root, TARGET)} is up to date.`);
  fs.mkdirSync(path.dirname(TARGET), { recursive: true });
  fs.writeFileSync(TARGET, expected);
  console.log(`Wrote ${path.relative(root, TARGET)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
