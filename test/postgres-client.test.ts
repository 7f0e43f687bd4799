import { afterAll, beforeAll, expect, it } from "vitest";
import { migratePostgres } from "../lib/db/postgres/migrate";
import { createPostgresPrisma } from "../lib/db/postgres/prisma";
import { createTestDatabase, describePostgres } from "./helpers/postgres";

describePostgres("the PostgreSQL client on the migrated database", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let prisma: ReturnType<typeof createPostgresPrisma>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migratePostgres(db.url);
    prisma = createPostgresPrisma(db.url);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("writes and reads rows with instants, big keys and booleans, and the tally triggers count them", async () => {
    const at = new Date(Date.UTC(2026, 11, 7, 23, 59, 59, 999));
    await prisma.import.create({ data: { id: "imp", fileName: "a.csv", storedPath: "/x" } });
    const subscriber = await prisma.subscriber.create({
      data: {
        email: "ana@example.com",
        domain: "example.com",
        category: "bad-mailbox",
        ruleCategory: "bad-mailbox",
        firstBouncedAt: at,
        lastBouncedAt: at,
        lastImportId: "imp",
      },
    });
    await prisma.bounce.create({
      data: {
        subscriberId: subscriber.id,
        importId: "imp",
        line: 2,
        occurredAt: at,
        category: "bad-mailbox",
        categorySource: "rule",
        ruleId: "r",
        ruleCategory: "bad-mailbox",
        dedupeKey: -9_007_199_254_740_993n,
      },
    });
    const bounce = await prisma.bounce.findFirstOrThrow({ include: { subscriber: true } });
    expect(bounce.occurredAt.toISOString()).toBe(at.toISOString());
    expect(bounce.dedupeKey).toBe(-9_007_199_254_740_993n);
    expect(bounce.subscriber.statusManual).toBe(false);
    const day = Math.floor(at.getTime() / 86_400_000);
    expect(await prisma.$queryRaw`SELECT "day", "importId", "category", "n" FROM "BounceTally"`).toEqual([
      { day, importId: "imp", category: "bad-mailbox", n: 1 },
    ]);
    await prisma.subscriber.update({ where: { id: subscriber.id }, data: { status: "recovered" } });
    expect(await prisma.$queryRaw`SELECT "total", "active" FROM "DomainTally"`).toEqual([{ total: 1, active: 0 }]);
  });
});
