-- Why rows were skipped, rows dated at import, where dates were read from, and what a zip held.
-- Plain ADD COLUMNs (not Prisma's table copy): Import keeps its rows, indexes and foreign keys as they are.
ALTER TABLE "Import" ADD COLUMN "skipReasons" TEXT;
ALTER TABLE "Import" ADD COLUMN "undated" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Import" ADD COLUMN "dateColumn" TEXT;
ALTER TABLE "Import" ADD COLUMN "archive" TEXT;
