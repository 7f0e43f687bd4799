-- DropIndex
DROP INDEX "Subscriber_category_lastBouncedAt_idx";

-- DropIndex
DROP INDEX "Bounce_importId_idx";

-- CreateIndex
CREATE INDEX "Subscriber_category_lastBouncedAt_status_domain_lastImportId_idx" ON "Subscriber"("category", "lastBouncedAt", "status", "domain", "lastImportId");

-- CreateIndex
CREATE INDEX "Bounce_importId_category_occurredAt_idx" ON "Bounce"("importId", "category", "occurredAt");

-- CreateIndex
CREATE INDEX "Bounce_category_occurredAt_idx" ON "Bounce"("category", "occurredAt");
