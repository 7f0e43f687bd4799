-- CreateTable
CREATE TABLE "Import" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fileName" TEXT NOT NULL,
    "storedPath" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "format" TEXT,
    "mapping" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
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
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "RejectedRow" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "importId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "column" TEXT,
    "reason" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    CONSTRAINT "RejectedRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Subscriber" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "phone" TEXT,
    "company" TEXT,
    "category" TEXT NOT NULL,
    "ruleCategory" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "statusReason" TEXT,
    "statusManual" BOOLEAN NOT NULL DEFAULT false,
    "assignee" TEXT,
    "firstBouncedAt" DATETIME NOT NULL,
    "lastBouncedAt" DATETIME NOT NULL,
    "bounceCount" INTEGER NOT NULL DEFAULT 0,
    "lastImportId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Bounce" (
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
    "dedupeKey" TEXT NOT NULL,
    CONSTRAINT "Bounce_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Bounce_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TaskState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scope" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    "note" TEXT,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "detail" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "LayoutMapping" (
    "headerKey" TEXT NOT NULL PRIMARY KEY,
    "header" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Import_createdAt_idx" ON "Import"("createdAt");

-- CreateIndex
CREATE INDEX "Import_status_idx" ON "Import"("status");

-- CreateIndex
CREATE INDEX "RejectedRow_importId_line_idx" ON "RejectedRow"("importId", "line");

-- CreateIndex
CREATE UNIQUE INDEX "Subscriber_email_key" ON "Subscriber"("email");

-- CreateIndex
CREATE INDEX "Subscriber_category_lastBouncedAt_idx" ON "Subscriber"("category", "lastBouncedAt");

-- CreateIndex
CREATE INDEX "Subscriber_category_domain_idx" ON "Subscriber"("category", "domain");

-- CreateIndex
CREATE INDEX "Subscriber_domain_idx" ON "Subscriber"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "Bounce_dedupeKey_key" ON "Bounce"("dedupeKey");

-- CreateIndex
CREATE INDEX "Bounce_subscriberId_occurredAt_idx" ON "Bounce"("subscriberId", "occurredAt");

-- CreateIndex
CREATE INDEX "Bounce_importId_idx" ON "Bounce"("importId");

-- CreateIndex
CREATE INDEX "TaskState_category_scope_done_idx" ON "TaskState"("category", "scope", "done");

-- CreateIndex
CREATE UNIQUE INDEX "TaskState_scope_target_category_step_key" ON "TaskState"("scope", "target", "category", "step");

-- CreateIndex
CREATE INDEX "Event_subjectType_subjectId_at_idx" ON "Event"("subjectType", "subjectId", "at");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");
