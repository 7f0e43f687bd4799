-- CreateIndex
CREATE INDEX "Subscriber_category_email_bounceCount_lastBouncedAt_status_ruleCategory_domain_idx" ON "Subscriber"("category", "email", "bounceCount", "lastBouncedAt", "status", "ruleCategory", "domain");
