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

/** One import's bounces per day and category, as BounceTally counts them. */
export interface ImportBounceTally {
  importId: string;
  rows: { day: number; category: string; n: number }[];
}

/**
 * Recounts every tally from the rows, in one transaction. With `known`, that import's BounceTally
 * rows are taken from it instead of recounted: recounting BounceTally means reading every bounce
 * (about 1 s per million), and a big import already counted its own (lib/ingest/writer.ts). Only
 * right when nothing else changed the bounces while the triggers were off: only imports write
 * bounces, one at a time (lib/ingest/queue.ts). People's changes do move subscribers meanwhile, so
 * the subscriber tallies are always recounted.
 */
export function rebuildTallies(db: Database.Database, known?: ImportBounceTally): void {
  db.transaction(() => {
    for (const [table, t] of Object.entries(FROM_ROWS)) {
      if (known && table === "BounceTally") {
        db.prepare("DELETE FROM BounceTally WHERE importId = ?").run(known.importId);
        const insert = db.prepare("INSERT INTO BounceTally (day, importId, category, n) VALUES (?, ?, ?, ?)");
        for (const r of known.rows) insert.run(r.day, known.importId, r.category, r.n);
        continue;
      }
      db.exec(`DELETE FROM ${table}`);
      db.exec(`INSERT INTO ${table} (${[...t.key, ...t.values].join(", ")}) ${t.sql}`);
    }
  })();
}

/** The day an instant falls on as the tallies' SQL computes it (`occurredAt / 86400000`). */
export function tallyDay(at: number): number {
  // SQLite divides integers toward zero; a non-integer (REAL) instant divides exactly.
  // (Math.trunc would give -0 for the last milliseconds of 1969.)
  return Number.isInteger(at) ? (at - (at % 86_400_000)) / 86_400_000 : at / 86_400_000;
}
