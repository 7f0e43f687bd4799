import "server-only";
import { CATEGORIES, STEPS, type CategoryCode, type CategoryGroup } from "../categories";
import { sqlite } from "../db/sqlite";

export interface CategoryStats {
  code: CategoryCode;
  label: string;
  group: CategoryGroup;
  subscribers: number;
  /** Subscribers still being worked on (open or in progress). */
  active: number;
  recovered: number;
  unrecoverable: number;
  openTasks: number;
  doneTasks: number;
}

/**
 * Per-category counts, computed in SQL. A step's open tasks are the distinct targets (subscribers,
 * domains or imports) among the category's active subscribers that have no done tick for it.
 */
export function getCategoryStats(): CategoryStats[] {
  const db = sqlite();
  const subscriberCounts = new Map(
    (
      db
        .prepare(`SELECT category,
            count(*) AS total,
            sum(status IN ('open','in_progress')) AS active,
            sum(status = 'recovered') AS recovered,
            sum(status = 'unrecoverable') AS unrecoverable
          FROM Subscriber GROUP BY category`)
        .all() as { category: string; total: number; active: number; recovered: number; unrecoverable: number }[]
    ).map((r) => [r.category, r]),
  );
  const targets = new Map(
    (
      db
        .prepare(`SELECT category, count(DISTINCT domain) AS domains, count(DISTINCT lastImportId) AS imports
          FROM Subscriber WHERE status IN ('open','in_progress') GROUP BY category`)
        .all() as { category: string; domains: number; imports: number }[]
    ).map((r) => [r.category, r]),
  );
  // Done ticks that still concern an active subscriber, per category and scope.
  const done = db
    .prepare(`SELECT t.category, t.scope, count(*) AS n FROM TaskState t
      WHERE t.done = 1 AND EXISTS (
        SELECT 1 FROM Subscriber s WHERE s.category = t.category AND s.status IN ('open','in_progress') AND (
          (t.scope = 'subscriber' AND s.id = CAST(t.target AS INTEGER)) OR
          (t.scope = 'domain' AND s.domain = t.target) OR
          (t.scope = 'import' AND s.lastImportId = t.target)))
      GROUP BY t.category, t.scope`)
    .all() as { category: string; scope: string; n: number }[];
  const doneBy = new Map(done.map((d) => [`${d.category}|${d.scope}`, d.n]));

  return CATEGORIES.map((c) => {
    const s = subscriberCounts.get(c.code);
    const t = targets.get(c.code);
    let total = 0;
    let doneTasks = 0;
    const seenScopes = new Set<string>();
    for (const step of c.steps) {
      const scope = STEPS[step].scope;
      total += scope === "subscriber" ? (s?.active ?? 0) : scope === "domain" ? (t?.domains ?? 0) : (t?.imports ?? 0);
      seenScopes.add(scope);
    }
    for (const scope of seenScopes) doneTasks += doneBy.get(`${c.code}|${scope}`) ?? 0;
    return {
      code: c.code,
      label: c.label,
      group: c.group,
      subscribers: s?.total ?? 0,
      active: s?.active ?? 0,
      recovered: s?.recovered ?? 0,
      unrecoverable: s?.unrecoverable ?? 0,
      openTasks: Math.max(0, total - doneTasks),
      doneTasks,
    };
  });
}

export interface OverviewTotals {
  subscribers: number;
  bounces: number;
  recoverable: number;
  recovered: number;
  unrecoverable: number;
  openTasks: number;
}

export function getOverviewTotals(stats: CategoryStats[] = getCategoryStats()): OverviewTotals {
  const bounces = (sqlite().prepare("SELECT count(*) FROM Bounce").pluck().get() as number) ?? 0;
  const sum = (f: (s: CategoryStats) => number) => stats.reduce((a, s) => a + f(s), 0);
  return {
    subscribers: sum((s) => s.subscribers),
    bounces,
    // Hard bounces (the address itself) are rarely won back; everything else is worth working.
    recoverable: sum((s) => (s.group === "address" ? 0 : s.active)),
    recovered: sum((s) => s.recovered),
    unrecoverable: sum((s) => s.unrecoverable),
    openTasks: sum((s) => s.openTasks),
  };
}
