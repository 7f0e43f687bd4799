import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../generated/prisma/client";
import { databaseFile, env } from "../env";
import { whenUnlocked } from "./busy";

const globalForPrisma = globalThis as unknown as { reboundPrisma?: Map<string, PrismaClient> };

/**
 * A Prisma client whose connection never waits for a lock inside SQLite (that would sleep on the
 * server's thread): every call that finds the database locked is retried asynchronously (busy.ts).
 */
export function createPrisma(url: string = env.DATABASE_URL): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: `file:${databaseFile(url)}`, timeout: 0 }, { timestampFormat: "unixepoch-ms" });
  const client = new PrismaClient({ adapter }).$extends({
    query: {
      $allOperations({ args, query }) {
        return whenUnlocked(() => query(args));
      },
    },
  });
  // The extension only wraps calls; the client keeps PrismaClient's own shape.
  return client as unknown as PrismaClient;
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
