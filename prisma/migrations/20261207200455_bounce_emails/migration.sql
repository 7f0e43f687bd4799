-- CreateTable
CREATE TABLE "BounceEmail" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "importId" TEXT NOT NULL,
    "messageNo" INTEGER NOT NULL,
    "file" TEXT,
    "subject" TEXT,
    "messageId" TEXT,
    "sentAt" DATETIME,
    "raw" TEXT NOT NULL,
    "rawCut" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "BounceEmail_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "BounceEmail_importId_messageNo_key" ON "BounceEmail"("importId", "messageNo");
