import type Database from "better-sqlite3";

/*
 * BounceTally, SubscriberTally and DomainTally (prisma/migrations/*_tallies) hold counts that
 * triggers keep up to date. These are the same counts computed from the rows themselves: to check
 * the triggers (tests) and to rebuild the tallies should they ever be in doubt.
 */
const FROM_ROWS = {
  BounceTally: {
    key: ["day", "importId", "category"],
    values: ["n"],
    sql: `SELECT occurredAt / 86400000 AS day, importId, category, count(*) AS n FROM Bounce GROUP BY 1, 2, 3`,
  },
  SubscriberTally: {
    key: ["day", "importId", "category", "status"],
    values: ["n"],
    sql: `SELECT lastBouncedAt / 86400000 AS day, lastImportId AS importId, category, status, count(*) AS n FROM Subscriber GROUP BY 1, 2, 3, 4`,
  },
  DomainTally: {
    key: ["category", "domain"],
    values: ["total", "active"],
    sql: `SELECT category, domain, count(*) AS total, sum(status IN ('open', 'in_progress')) AS active FROM Subscriber GROUP BY 1, 2`,
  },
} as const;

type Row = Record<string, string | number>;

/** Differences between each tally and a recount, as readable lines; empty when all agree. */
export function tallyDrift(db: Database.Database): string[] {
  const drift: string[] = [];
  for (const [table, t] of Object.entries(FROM_ROWS)) {
    const keyOf = (r: Row) => t.key.map((k) => r[k]).join("|");
    const valuesOf = (r: Row | undefined) => t.values.map((v) => Number(r?.[v] ?? 0)).join(",");
    const stored = new Map((db.prepare(`SELECT * FROM ${table}`).all() as Row[]).map((r) => [keyOf(r), r]));
    const counted = new Map((db.prepare(t.sql).all() as Row[]).map((r) => [keyOf(r), r]));
    for (const key of new Set([...stored.keys(), ...counted.keys()])) {
      const a = valuesOf(stored.get(key));
      const b = valuesOf(counted.get(key));
      if (a !== b) drift.push(`${table} ${key}: stored ${a}, counted ${b}`);
    }
  }
  return drift;
}

export type TallyTable = keyof typeof FROM_ROWS;

/**
 * Recounts tallies from the rows, in one transaction: all of them, or only the tables named. A big
 * import keeps BounceTally and SubscriberTally itself, batch by batch, and has only DomainTally
 * recounted at its end (lib/ingest/pipeline/writer.ts says why).
 */
export function rebuildTallies(db: Database.Database, only?: readonly TallyTable[]): void {
  db.transaction(() => {
    for (const [table, t] of Object.entries(FROM_ROWS)) {
      if (only && !only.includes(table as TallyTable)) continue;
      db.exec(`DELETE FROM ${table}`);
      db.exec(`INSERT INTO ${table} (${[...t.key, ...t.values].join(", ")}) ${t.sql}`);
    }
  }).immediate();
}

/** The day an instant falls on as the tallies' SQL computes it (`occurredAt / 86400000`). */
export function tallyDay(at: number): number {
  // SQLite divides integers toward zero; a non-integer (REAL) instant divides exactly.
  // (Math.trunc would give -0 for the last milliseconds of 1969.)
  return Number.isInteger(at) ? (at - (at % 86_400_000)) / 86_400_000 : at / 86_400_000;
}
