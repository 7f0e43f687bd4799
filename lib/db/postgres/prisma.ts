import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../../generated/prisma-pg/client";

/**
 * A Prisma client on PostgreSQL (prisma/postgres/schema.prisma, generated into generated/prisma-pg),
 * through the pg driver adapter: the client the app's queries will use once they are ported.
 */
export function createPostgresPrisma(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}
