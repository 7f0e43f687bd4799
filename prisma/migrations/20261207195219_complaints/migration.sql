-- CreateTable
CREATE TABLE "Complaint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "importId" TEXT,
    "sourceId" TEXT,
    "feedbackType" TEXT NOT NULL DEFAULT 'abuse',
    "reporter" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "subject" TEXT,
    "messageId" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AlterTable (a plain ADD COLUMN: redefining Import would copy every row for one counter)
ALTER TABLE "Import" ADD COLUMN "complaints" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_dedupeKey_key" ON "Complaint"("dedupeKey");

-- CreateIndex
CREATE INDEX "Complaint_email_idx" ON "Complaint"("email");

-- CreateIndex
CREATE INDEX "Complaint_importId_idx" ON "Complaint"("importId");

-- CreateIndex
CREATE INDEX "Complaint_occurredAt_idx" ON "Complaint"("occurredAt");
