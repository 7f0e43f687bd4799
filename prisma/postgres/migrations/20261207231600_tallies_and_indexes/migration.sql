-- Written by hand: what the SQLite migrations add beyond Prisma's schema, for PostgreSQL.

-- The tallies' day: the UTC day number of an instant (unix ms / 86,400,000, toward zero as SQLite's
-- integer division), as in lib/db/tallies.ts and lib/insights/buckets.ts. IMMUTABLE: an epoch does
-- not depend on the session's time zone (so an expression index may use it).
CREATE FUNCTION "rebound_day"(at timestamptz) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT trunc(floor(extract(epoch FROM at) * 1000) / 86400000)::integer $$;

-- BounceTally, SubscriberTally and DomainTally kept exact whoever writes the rows (as the SQLite
-- triggers of *_tallies do). Statement-level with transition tables, not per row: an import's
-- multi-row INSERT or a correction's set-based UPDATE then costs one grouped upsert per statement.
-- Each statement adds +1 per new row and -1 per old row, grouped by key; keys whose sum is 0 (an
-- UPDATE that left the counted columns alone) are not written. Upserts go in key order, so two
-- writers meet the same tally rows in the same order. Rows that drop to zero stay (readers filter n > 0).

-- The rows a statement added (+1) and removed (-1), with the columns named: transition tables exist
-- only for the events that have them, so the query is built for the event at hand.
CREATE FUNCTION "rebound_changed_rows"(op text, columns text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE op
    WHEN 'INSERT' THEN format('SELECT %s, 1 AS d FROM new_rows', columns)
    WHEN 'DELETE' THEN format('SELECT %s, -1 AS d FROM old_rows', columns)
    ELSE format('SELECT %s, 1 AS d FROM new_rows UNION ALL SELECT %s, -1 FROM old_rows', columns, columns)
  END
$$;

CREATE FUNCTION "rebound_bounce_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO "BounceTally" AS t ("day", "importId", "category", "n")
     SELECT "rebound_day"("occurredAt"), "importId", "category", sum(d) FROM (%s) c
     GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
     ON CONFLICT ("day", "importId", "category") DO UPDATE SET "n" = t."n" + excluded."n"',
    "rebound_changed_rows"(TG_OP, '"occurredAt", "importId", "category"'));
  RETURN NULL;
END $$;

CREATE FUNCTION "rebound_subscriber_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := "rebound_changed_rows"(TG_OP, '"lastBouncedAt", "lastImportId", "category", "domain", ("status" IN (''open'', ''in_progress''))::integer AS active, "status"');
BEGIN
  EXECUTE format(
    'INSERT INTO "SubscriberTally" AS t ("day", "importId", "category", "status", "n")
     SELECT "rebound_day"("lastBouncedAt"), "lastImportId", "category", "status", sum(d) FROM (%s) c
     GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
     ON CONFLICT ("day", "importId", "category", "status") DO UPDATE SET "n" = t."n" + excluded."n"', changed);
  EXECUTE format(
    'INSERT INTO "DomainTally" AS t ("category", "domain", "total", "active")
     SELECT "category", "domain", sum(d), sum(d * active) FROM (%s) c
     GROUP BY 1, 2 HAVING sum(d) <> 0 OR sum(d * active) <> 0 ORDER BY 1, 2
     ON CONFLICT ("category", "domain") DO UPDATE SET "total" = t."total" + excluded."total", "active" = t."active" + excluded."active"', changed);
  RETURN NULL;
END $$;

CREATE TRIGGER "Bounce_tally_insert" AFTER INSERT ON "Bounce" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "rebound_bounce_tally"();
CREATE TRIGGER "Bounce_tally_delete" AFTER DELETE ON "Bounce" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "rebound_bounce_tally"();
CREATE TRIGGER "Bounce_tally_update" AFTER UPDATE ON "Bounce" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "rebound_bounce_tally"();

CREATE TRIGGER "Subscriber_tally_insert" AFTER INSERT ON "Subscriber" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "rebound_subscriber_tally"();
CREATE TRIGGER "Subscriber_tally_delete" AFTER DELETE ON "Subscriber" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "rebound_subscriber_tally"();
CREATE TRIGGER "Subscriber_tally_update" AFTER UPDATE ON "Subscriber" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "rebound_subscriber_tally"();

-- The bounces a team correction decided, a few among millions (as prisma/migrations/*_corrections).
CREATE INDEX "Bounce_team_ruleId_subscriberId_idx" ON "Bounce"("ruleId", "subscriberId") WHERE "categorySource" = 'team';

-- Addresses and domains sort and compare byte by byte, as SQLite's BINARY collation does: the
-- subscriber list's order and its prefix search (`email >= 'ana' AND email < 'anb'`) then match
-- SQLite's and can seek the indexes, whatever collation the database was created with.
ALTER TABLE "Subscriber" ALTER COLUMN "email" TYPE TEXT COLLATE "C", ALTER COLUMN "domain" TYPE TEXT COLLATE "C";
