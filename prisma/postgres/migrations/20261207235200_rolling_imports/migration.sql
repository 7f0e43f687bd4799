-- AlterTable
ALTER TABLE "Import" ADD COLUMN     "appendTo" TEXT,
ADD COLUMN     "fedBy" TEXT,
ADD COLUMN     "lastFedAt" TIMESTAMPTZ(3),
ADD COLUMN     "passes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rollingKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Import_rollingKey_key" ON "Import"("rollingKey");
