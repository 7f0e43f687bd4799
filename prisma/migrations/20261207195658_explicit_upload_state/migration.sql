-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Import" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fileName" TEXT NOT NULL,
    "storedPath" TEXT NOT NULL,
    "uploadedAt" DATETIME,
    "sha256" TEXT,
    "size" INTEGER,
    "format" TEXT,
    "mapping" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "firstSubscriberId" INTEGER,
    "rollbackProgress" REAL,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "bytesProcessed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "errorCode" TEXT,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "skipReasons" TEXT,
    "undated" INTEGER NOT NULL DEFAULT 0,
    "dateColumn" TEXT,
    "archive" TEXT,
    "complaints" INTEGER NOT NULL DEFAULT 0
);
-- The old sentinels (sha256 = '' while uploading, size = 0 when unknown) become NULLs; an upload
-- that had arrived gets uploadedAt (its exact time was not kept: the time its import started).
INSERT INTO "new_Import" ("accepted", "archive", "bytesProcessed", "complaints", "createdAt", "createdBy", "dateColumn", "duplicates", "error", "errorCode", "fileName", "finishedAt", "firstSubscriberId", "format", "id", "mapping", "rejected", "rollbackProgress", "rows", "sha256", "size", "skipReasons", "skipped", "startedAt", "status", "storedPath", "undated", "uploadedAt") SELECT "accepted", "archive", "bytesProcessed", "complaints", "createdAt", "createdBy", "dateColumn", "duplicates", "error", "errorCode", "fileName", "finishedAt", "firstSubscriberId", "format", "id", "mapping", "rejected", "rollbackProgress", "rows", NULLIF("sha256", ''), CASE WHEN "sha256" = '' AND "size" = 0 THEN NULL ELSE "size" END, "skipReasons", "skipped", "startedAt", "status", "storedPath", "undated", CASE WHEN "sha256" <> '' THEN COALESCE("startedAt", "createdAt") END FROM "Import";
DROP TABLE "Import";
ALTER TABLE "new_Import" RENAME TO "Import";
CREATE INDEX "Import_createdAt_idx" ON "Import"("createdAt");
CREATE INDEX "Import_status_idx" ON "Import"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
