-- The insights and the overview count Bounce and Subscriber rows per day, import, category, status
-- and domain. Grouping a million rows takes seconds; these tallies hold the same counts in a few
-- thousand rows, kept exact by the triggers below whatever writes the rows (imports, rollbacks,
-- status changes). Days are UTC day numbers (unix ms / 86,400,000), as in lib/insights/buckets.ts.
-- Rows that drop to zero stay (readers filter n > 0): deleting them would cost every decrement a check.

-- Bounce counts by category now come from BounceTally: these two indexes only cost import time.
DROP INDEX IF EXISTS "Bounce_importId_category_occurredAt_idx";
DROP INDEX IF EXISTS "Bounce_category_occurredAt_idx";
-- Rolling back an import finds its bounces by import.
CREATE INDEX "Bounce_importId_idx" ON "Bounce"("importId");

-- Distinct and top domains within a period or a set of imports, and "does this domain still have
-- work" for ticks, read these covering indexes in (category, domain) order or import by import.
DROP INDEX IF EXISTS "Subscriber_category_domain_idx";
CREATE INDEX "Subscriber_category_domain_status_lastBouncedAt_lastImportId_idx" ON "Subscriber"("category", "domain", "status", "lastBouncedAt", "lastImportId");
CREATE INDEX "Subscriber_lastImportId_category_status_domain_idx" ON "Subscriber"("lastImportId", "category", "status", "domain");

CREATE TABLE "BounceTally" (
    "day" INTEGER NOT NULL,
    "importId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("day", "importId", "category")
) WITHOUT ROWID;

CREATE TABLE "SubscriberTally" (
    "day" INTEGER NOT NULL,
    "importId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("day", "importId", "category", "status")
) WITHOUT ROWID;

CREATE TABLE "DomainTally" (
    "category" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "active" INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY ("category", "domain")
) WITHOUT ROWID;

INSERT INTO "BounceTally" ("day", "importId", "category", "n")
  SELECT "occurredAt" / 86400000, "importId", "category", count(*) FROM "Bounce" GROUP BY 1, 2, 3;
INSERT INTO "SubscriberTally" ("day", "importId", "category", "status", "n")
  SELECT "lastBouncedAt" / 86400000, "lastImportId", "category", "status", count(*) FROM "Subscriber" GROUP BY 1, 2, 3, 4;
INSERT INTO "DomainTally" ("category", "domain", "total", "active")
  SELECT "category", "domain", count(*), sum("status" IN ('open', 'in_progress')) FROM "Subscriber" GROUP BY 1, 2;

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

CREATE TRIGGER "Subscriber_tally_insert" AFTER INSERT ON "Subscriber" BEGIN
  INSERT INTO "SubscriberTally" ("day", "importId", "category", "status", "n") VALUES (NEW."lastBouncedAt" / 86400000, NEW."lastImportId", NEW."category", NEW."status", 1)
    ON CONFLICT DO UPDATE SET "n" = "n" + 1;
  INSERT INTO "DomainTally" ("category", "domain", "total", "active") VALUES (NEW."category", NEW."domain", 1, NEW."status" IN ('open', 'in_progress'))
    ON CONFLICT DO UPDATE SET "total" = "total" + 1, "active" = "active" + excluded."active";
END;
CREATE TRIGGER "Subscriber_tally_delete" AFTER DELETE ON "Subscriber" BEGIN
  UPDATE "SubscriberTally" SET "n" = "n" - 1
    WHERE "day" = OLD."lastBouncedAt" / 86400000 AND "importId" = OLD."lastImportId" AND "category" = OLD."category" AND "status" = OLD."status";
  UPDATE "DomainTally" SET "total" = "total" - 1, "active" = "active" - (OLD."status" IN ('open', 'in_progress'))
    WHERE "category" = OLD."category" AND "domain" = OLD."domain";
END;
-- Only when a counted key changes: most updates (bounce counts, names, assignees) leave the tallies alone.
CREATE TRIGGER "Subscriber_tally_update" AFTER UPDATE OF "lastBouncedAt", "lastImportId", "category", "status" ON "Subscriber"
  WHEN OLD."lastBouncedAt" / 86400000 IS NOT NEW."lastBouncedAt" / 86400000 OR OLD."lastImportId" IS NOT NEW."lastImportId"
    OR OLD."category" IS NOT NEW."category" OR OLD."status" IS NOT NEW."status"
BEGIN
  UPDATE "SubscriberTally" SET "n" = "n" - 1
    WHERE "day" = OLD."lastBouncedAt" / 86400000 AND "importId" = OLD."lastImportId" AND "category" = OLD."category" AND "status" = OLD."status";
  INSERT INTO "SubscriberTally" ("day", "importId", "category", "status", "n") VALUES (NEW."lastBouncedAt" / 86400000, NEW."lastImportId", NEW."category", NEW."status", 1)
    ON CONFLICT DO UPDATE SET "n" = "n" + 1;
END;
CREATE TRIGGER "Subscriber_domain_tally_update" AFTER UPDATE OF "category", "domain", "status" ON "Subscriber"
  WHEN OLD."category" IS NOT NEW."category" OR OLD."domain" IS NOT NEW."domain"
    OR (OLD."status" IN ('open', 'in_progress')) IS NOT (NEW."status" IN ('open', 'in_progress'))
BEGIN
  UPDATE "DomainTally" SET "total" = "total" - 1, "active" = "active" - (OLD."status" IN ('open', 'in_progress'))
    WHERE "category" = OLD."category" AND "domain" = OLD."domain";
  INSERT INTO "DomainTally" ("category", "domain", "total", "active") VALUES (NEW."category", NEW."domain", 1, NEW."status" IN ('open', 'in_progress'))
    ON CONFLICT DO UPDATE SET "total" = "total" + 1, "active" = "active" + excluded."active";
END;
