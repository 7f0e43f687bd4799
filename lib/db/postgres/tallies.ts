import type pg from "pg";

/*
 * lib/db/tallies.ts for PostgreSQL: each counter table beside a recount from the rows (days by
 * "rebound_day", the migrations' own function). Rows at zero count as absent, as readers see them.
 */
const RECOUNT = {
  BounceTally: {
    key: ["day", "importId", "category"],
    values: ["n"],
    sql: `SELECT "rebound_day"("occurredAt") AS "day", "importId", "category", count(*)::integer AS "n" FROM "Bounce" GROUP BY 1, 2, 3`,
  },
  SubscriberTally: {
    key: ["day", "importId", "category", "status"],
    values: ["n"],
    sql: `SELECT "rebound_day"("lastBouncedAt") AS "day", "lastImportId" AS "importId", "category", "status", count(*)::integer AS "n" FROM "Subscriber" GROUP BY 1, 2, 3, 4`,
  },
  DomainTally: {
    key: ["category", "domain"],
    values: ["total", "active"],
    sql: `SELECT "category", "domain", count(*)::integer AS "total", (count(*) FILTER (WHERE "status" IN ('open', 'in_progress')))::integer AS "active" FROM "Subscriber" GROUP BY 1, 2`,
  },
} as const;

/** Differences between each tally and a recount, as readable lines (at most 20); empty when all agree. */
export async function postgresTallyDrift(client: pg.Client): Promise<string[]> {
  const drift: string[] = [];
  for (const [table, t] of Object.entries(RECOUNT)) {
    const q = (c: string) => `"${c}"`;
    const nonZero = t.values.map((v) => `${q(v)} <> 0`).join(" OR ");
    const { rows } = await client.query(
      `SELECT concat_ws('|', ${t.key.map((k) => `coalesce(s.${q(k)}::text, c.${q(k)}::text)`).join(", ")}) AS key,
              concat_ws(',', ${t.values.map((v) => `coalesce(s.${q(v)}, 0)`).join(", ")}) AS stored,
              concat_ws(',', ${t.values.map((v) => `coalesce(c.${q(v)}, 0)`).join(", ")}) AS counted
       FROM (SELECT * FROM ${q(table)} WHERE ${nonZero}) s
       FULL JOIN (${t.sql}) c USING (${t.key.map(q).join(", ")})
       WHERE ${t.values.map((v) => `s.${q(v)} IS DISTINCT FROM c.${q(v)}`).join(" OR ")}
       LIMIT 20`,
    );
    for (const r of rows) drift.push(`${table} ${r.key}: stored ${r.stored}, counted ${r.counted}`);
  }
  return drift;
}
