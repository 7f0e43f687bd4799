import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../generated/prisma/client";
import { databaseFile, env } from "../env";

const globalForPrisma = globalThis as unknown as { reboundPrisma?: Map<string, PrismaClient> };

export function createPrisma(url: string = env.DATABASE_URL): PrismaClient {
  const adapter = new PrismaBetterSQLite3(
    { url: `file:${databaseFile(url)}`, timeout: 10_000 },
    { timestampFormat: "unixepoch-ms" },
  );
  return new PrismaClient({ adapter });
}

/** The app's Prisma client, one per database URL per process. */
export function prisma(url: string = env.DATABASE_URL): PrismaClient {
  const cache = (globalForPrisma.reboundPrisma ??= new Map());
  let client = cache.get(url);
  if (!client) {
    client = createPrisma(url);
    cache.set(url, client);
  }
  return client;
}
