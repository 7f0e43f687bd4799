// Prisma 6.19 with the JavaScript engine and a driver adapter: the only shape that works without
// downloading native engines (see shared/PLATFORM.md). The CLI uses this adapter for `migrate deploy`.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new PrismaBetterSQLite3(
      { url: process.env.DATABASE_URL ?? "file:./data/rebound.db" },
      { timestampFormat: "unixepoch-ms" },
    );
  },
});
