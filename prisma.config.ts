// Prisma 6.19 with the JavaScript engine and a driver adapter: the only shape that works without
// downloading native engines (Prisma 7's CLI downloads them). The CLI uses this adapter for `migrate deploy`.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { createDatabaseFile } from "./lib/db/database-file";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    // Read here, not at load: `prisma generate` (npm install) loads this file too and needs no database.
    const { databaseFile, env } = await import("./lib/env");
    // `migrate deploy` creates the database on a first start: with Rebound's page size, not SQLite's.
    createDatabaseFile(databaseFile());
    return new PrismaBetterSQLite3({ url: env.DATABASE_URL }, { timestampFormat: "unixepoch-ms" });
  },
});
