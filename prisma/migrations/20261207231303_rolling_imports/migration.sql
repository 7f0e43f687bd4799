-- Rolling imports (one per webhook source, UTC day and campaign) and the passes appended to them.
-- Columns added in place: redefining Import would copy the table for nothing.
ALTER TABLE "Import" ADD COLUMN "rollingKey" TEXT;
ALTER TABLE "Import" ADD COLUMN "appendTo" TEXT;
ALTER TABLE "Import" ADD COLUMN "fedBy" TEXT;
ALTER TABLE "Import" ADD COLUMN "lastFedAt" DATETIME;
ALTER TABLE "Import" ADD COLUMN "passes" INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX "Import_rollingKey_key" ON "Import"("rollingKey");
