-- AlterTable
ALTER TABLE "Bounce" ADD COLUMN "exportCategory" TEXT;

-- CreateTable
CREATE TABLE "Correction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "category" TEXT NOT NULL,
    "reply" TEXT NOT NULL,
    "dsnStatus" TEXT,
    "replyCode" INTEGER,
    "replyKey" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedBy" TEXT,
    "appliedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Correction_replyKey_key" ON "Correction"("replyKey");

-- Written by hand (Prisma cannot say it): the bounces a team correction decided, a few among
-- millions, found by correction (its count, undo) and by subscriber (the "corrected by the team"
-- filter). Partial, so an import pays one comparison per row and stores nothing for other bounces.
CREATE INDEX "Bounce_team_ruleId_subscriberId_idx" ON "Bounce"("ruleId", "subscriberId") WHERE "categorySource" = 'team';
