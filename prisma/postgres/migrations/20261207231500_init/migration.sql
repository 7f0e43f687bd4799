-- CreateTable
CREATE TABLE "Import" (
    "id" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "storedPath" TEXT NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3),
    "sha256" TEXT,
    "size" INTEGER,
    "format" TEXT,
    "mapping" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "firstSubscriberId" INTEGER,
    "rollbackProgress" DOUBLE PRECISION,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "bytesProcessed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "errorCode" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "skipReasons" TEXT,
    "undated" INTEGER NOT NULL DEFAULT 0,
    "dateColumn" TEXT,
    "archive" TEXT,
    "complaints" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RejectedRow" (
    "id" SERIAL NOT NULL,
    "importId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "column" TEXT,
    "reason" TEXT NOT NULL,
    "raw" TEXT NOT NULL,

    CONSTRAINT "RejectedRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subscriber" (
    "id" SERIAL NOT NULL,
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
    "firstBouncedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastBouncedAt" TIMESTAMPTZ(3) NOT NULL,
    "bounceCount" INTEGER NOT NULL DEFAULT 0,
    "lastImportId" TEXT NOT NULL,
    "lastDeliveredAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Subscriber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bounce" (
    "id" SERIAL NOT NULL,
    "subscriberId" INTEGER NOT NULL,
    "importId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "category" TEXT NOT NULL,
    "categorySource" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "ruleCategory" TEXT NOT NULL,
    "exportCategory" TEXT,
    "dsnStatus" TEXT,
    "replyCode" INTEGER,
    "diagnostic" TEXT,
    "remoteMta" TEXT,
    "dedupeKey" BIGINT NOT NULL,

    CONSTRAINT "Bounce_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BounceEmail" (
    "id" SERIAL NOT NULL,
    "importId" TEXT NOT NULL,
    "messageNo" INTEGER NOT NULL,
    "file" TEXT,
    "subject" TEXT,
    "messageId" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "raw" TEXT NOT NULL,
    "rawCut" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "BounceEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BounceTally" (
    "day" INTEGER NOT NULL,
    "importId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "BounceTally_pkey" PRIMARY KEY ("day","importId","category")
);

-- CreateTable
CREATE TABLE "SubscriberTally" (
    "day" INTEGER NOT NULL,
    "importId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SubscriberTally_pkey" PRIMARY KEY ("day","importId","category","status")
);

-- CreateTable
CREATE TABLE "DomainTally" (
    "category" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "active" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DomainTally_pkey" PRIMARY KEY ("category","domain")
);

-- CreateTable
CREATE TABLE "TaskState" (
    "id" SERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "doneAt" TIMESTAMPTZ(3),
    "doneBy" TEXT,
    "note" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Correction" (
    "id" SERIAL NOT NULL,
    "category" TEXT NOT NULL,
    "reply" TEXT NOT NULL,
    "dsnStatus" TEXT,
    "replyCode" INTEGER,
    "replyKey" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedBy" TEXT,
    "appliedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Correction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "importId" TEXT,
    "sourceId" TEXT,
    "feedbackType" TEXT NOT NULL DEFAULT 'abuse',
    "reporter" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "subject" TEXT,
    "messageId" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "detail" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "LayoutMapping" (
    "headerKey" TEXT NOT NULL,
    "header" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LayoutMapping_pkey" PRIMARY KEY ("headerKey")
);

-- CreateTable
CREATE TABLE "DomainContact" (
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "notes" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DomainContact_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "role" TEXT DEFAULT 'member',
    "banned" BOOLEAN DEFAULT false,
    "banReason" TEXT,
    "banExpires" TIMESTAMPTZ(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "userId" TEXT NOT NULL,
    "impersonatedBy" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMPTZ(3),
    "refreshTokenExpiresAt" TIMESTAMPTZ(3),
    "scope" TEXT,
    "password" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "firstAt" TIMESTAMPTZ(3) NOT NULL,
    "blockedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "WebhookSource" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "verifyKey" TEXT,
    "basicUser" TEXT,
    "basicHash" TEXT,
    "bearerHash" TEXT,
    "topicArns" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" SERIAL NOT NULL,
    "sourceId" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "events" INTEGER NOT NULL DEFAULT 0,
    "body" TEXT,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" SERIAL NOT NULL,
    "sourceId" TEXT NOT NULL,
    "deliveryId" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "processedAt" TIMESTAMPTZ(3),
    "importId" TEXT,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookReplay" (
    "key" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookReplay_pkey" PRIMARY KEY ("key")
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
CREATE INDEX "Subscriber_category_lastBouncedAt_status_domain_lastImportI_idx" ON "Subscriber"("category", "lastBouncedAt", "status", "domain", "lastImportId");

-- CreateIndex
CREATE INDEX "Subscriber_category_domain_status_lastBouncedAt_lastImportI_idx" ON "Subscriber"("category", "domain", "status", "lastBouncedAt", "lastImportId");

-- CreateIndex
CREATE INDEX "Subscriber_lastImportId_category_status_domain_idx" ON "Subscriber"("lastImportId", "category", "status", "domain");

-- CreateIndex
CREATE INDEX "Subscriber_domain_idx" ON "Subscriber"("domain");

-- CreateIndex
CREATE INDEX "Subscriber_category_email_bounceCount_lastBouncedAt_status__idx" ON "Subscriber"("category", "email", "bounceCount", "lastBouncedAt", "status", "ruleCategory", "domain");

-- CreateIndex
CREATE UNIQUE INDEX "Bounce_dedupeKey_key" ON "Bounce"("dedupeKey");

-- CreateIndex
CREATE INDEX "Bounce_subscriberId_occurredAt_idx" ON "Bounce"("subscriberId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "BounceEmail_importId_messageNo_key" ON "BounceEmail"("importId", "messageNo");

-- CreateIndex
CREATE INDEX "TaskState_category_scope_done_idx" ON "TaskState"("category", "scope", "done");

-- CreateIndex
CREATE UNIQUE INDEX "TaskState_scope_target_category_step_key" ON "TaskState"("scope", "target", "category", "step");

-- CreateIndex
CREATE UNIQUE INDEX "Correction_replyKey_key" ON "Correction"("replyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_dedupeKey_key" ON "Complaint"("dedupeKey");

-- CreateIndex
CREATE INDEX "Complaint_email_idx" ON "Complaint"("email");

-- CreateIndex
CREATE INDEX "Complaint_importId_idx" ON "Complaint"("importId");

-- CreateIndex
CREATE INDEX "Complaint_occurredAt_idx" ON "Complaint"("occurredAt");

-- CreateIndex
CREATE INDEX "Event_subjectType_subjectId_at_idx" ON "Event"("subjectType", "subjectId", "at");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_token_key" ON "Session"("token");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE INDEX "Verification_identifier_idx" ON "Verification"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "WebhookDelivery_sourceId_receivedAt_idx" ON "WebhookDelivery"("sourceId", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_processedAt_sourceId_idx" ON "WebhookEvent"("processedAt", "sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_sourceId_idempotencyKey_key" ON "WebhookEvent"("sourceId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "WebhookReplay_expiresAt_idx" ON "WebhookReplay"("expiresAt");

-- AddForeignKey
ALTER TABLE "RejectedRow" ADD CONSTRAINT "RejectedRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bounce" ADD CONSTRAINT "Bounce_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bounce" ADD CONSTRAINT "Bounce_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BounceEmail" ADD CONSTRAINT "BounceEmail_importId_fkey" FOREIGN KEY ("importId") REFERENCES "Import"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "WebhookSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "WebhookSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
