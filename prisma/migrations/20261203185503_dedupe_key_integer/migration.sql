-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Bounce" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "subscriberId" INTEGER NOT NULL,
    "importId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "category" TEXT NOT NULL,
    "categorySource" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "ruleCategory" TEXT NOT NULL,
    "dsnStatus" TEXT,
    "replyCode" INTEGER,
    "diagnostic" TEXT,
    "remoteMta" TEXT,
    "dedupeKey" BIGINT NOT NULL,
    CONSTRAINT "Bounce_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Bounce_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Written by hand: each key's 16 hex digits become the signed 64-bit integer they spell (the same
-- value the import now binds from the hash's two halves, lib/ingest/writer.ts), so a file imported
-- before this migration is still recognised when imported again.
INSERT INTO "new_Bounce" ("category", "categorySource", "dedupeKey", "diagnostic", "dsnStatus", "id", "importId", "line", "occurredAt", "remoteMta", "replyCode", "ruleCategory", "ruleId", "subscriberId") SELECT "category", "categorySource", (
    ((instr('0123456789abcdef', substr("dedupeKey", 1, 1)) - 1) << 60) |
    ((instr('0123456789abcdef', substr("dedupeKey", 2, 1)) - 1) << 56) |
    ((instr('0123456789abcdef', substr("dedupeKey", 3, 1)) - 1) << 52) |
    ((instr('0123456789abcdef', substr("dedupeKey", 4, 1)) - 1) << 48) |
    ((instr('0123456789abcdef', substr("dedupeKey", 5, 1)) - 1) << 44) |
    ((instr('0123456789abcdef', substr("dedupeKey", 6, 1)) - 1) << 40) |
    ((instr('0123456789abcdef', substr("dedupeKey", 7, 1)) - 1) << 36) |
    ((instr('0123456789abcdef', substr("dedupeKey", 8, 1)) - 1) << 32) |
    ((instr('0123456789abcdef', substr("dedupeKey", 9, 1)) - 1) << 28) |
    ((instr('0123456789abcdef', substr("dedupeKey", 10, 1)) - 1) << 24) |
    ((instr('0123456789abcdef', substr("dedupeKey", 11, 1)) - 1) << 20) |
    ((instr('0123456789abcdef', substr("dedupeKey", 12, 1)) - 1) << 16) |
    ((instr('0123456789abcdef', substr("dedupeKey", 13, 1)) - 1) << 12) |
    ((instr('0123456789abcdef', substr("dedupeKey", 14, 1)) - 1) << 8) |
    ((instr('0123456789abcdef', substr("dedupeKey", 15, 1)) - 1) << 4) |
    ((instr('0123456789abcdef', substr("dedupeKey", 16, 1)) - 1) << 0)), "diagnostic", "dsnStatus", "id", "importId", "line", "occurredAt", "remoteMta", "replyCode", "ruleCategory", "ruleId", "subscriberId" FROM "Bounce";
-- Ids are never handed out twice: the new table takes over the old one's AUTOINCREMENT counter.
-- (The old counter is at least the highest id copied; sqlite_sequence has no key, so no upsert.)
DELETE FROM "sqlite_sequence" WHERE "name" = 'new_Bounce';
UPDATE "sqlite_sequence" SET "name" = 'new_Bounce' WHERE "name" = 'Bounce';
DROP TABLE "Bounce";
ALTER TABLE "new_Bounce" RENAME TO "Bounce";
CREATE UNIQUE INDEX "Bounce_dedupeKey_key" ON "Bounce"("dedupeKey");
CREATE INDEX "Bounce_subscriberId_occurredAt_idx" ON "Bounce"("subscriberId", "occurredAt");
-- Written by hand: the tally triggers (20261127221500_tallies) went with the old table. Recreated
-- as they were, whether or not an interrupted import had dropped one: that import's saved
-- definitions recount the tallies when it is cleaned up (lib/ingest/bulk-indexes.ts).
CREATE TRIGGER "Bounce_tally_insert" AFTER INSERT ON "Bounce" BEGIN
  INSERT INTO "BounceTally" ("day", "importId", "category", "n") VALUES (NEW."occurredAt" / 86400000, NEW."importId", NEW."category", 1)
    ON CONFLICT DO UPDATE SET "n" = "n" + 1;
END;
CREATE TRIGGER "Bounce_tally_delete" AFTER DELETE ON "Bounce" BEGIN
  UPDATE "BounceTally" SET "n" = "n" - 1 WHERE "day" = OLD."occurredAt" / 86400000 AND "importId" = OLD."importId" AND "category" = OLD."category";
END;
CREATE TRIGGER "Bounce_tally_update" AFTER UPDATE OF "occurredAt", "importId", "category" ON "Bounce" BEGIN
  UPDATE "BounceTally" SET "n" = "n" - 1 WHERE "day" = OLD."occurredAt" / 86400000 AND "importId" = OLD."importId" AND "category" = OLD."category";
  INSERT INTO "BounceTally" ("day", "importId", "category", "n") VALUES (NEW."occurredAt" / 86400000, NEW."importId", NEW."category", 1)
    ON CONFLICT DO UPDATE SET "n" = "n" + 1;
END;
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
