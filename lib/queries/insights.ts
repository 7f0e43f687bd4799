import "server-only";
import type Database from "better-sqlite3";
import { CATEGORIES, GROUPS, STEPS, type CategoryCode, type CategoryGroup } from "../categories";
import { sqlite } from "../db/sqlite";
import { indexHint } from "../db/index-hint";
import { chooseBucket, dayNumber, fillSeries, type DayCount } from "../insights/buckets";
import { compare } from "../insights/compare";
import { DAY_MS, resolveFilters, type InsightsParams, type Period, type ResolvedFilters } from "../insights/filters";
import { importLabels, periodCounts, type CategoryCounts } from "../insights/shape";
import type { CategoryRow, DomainRow, ImportColumn, Insights } from "../insights/types";

/*
 * Aggregates for the insights page, all counted in SQL. Two kinds of rows, two meanings:
 * - Bounces (events) answer "how many bounces, when, from which import": counted per UTC day in
 *   BounceTally.
 * - Subscribers answer "who, which domain, how far is recovery": a subscriber belongs to the day,
 *   import and category of their latest bounce (Subscriber.lastBouncedAt/lastImportId/category), so
 *   each subscriber is counted once and the numbers match the category pages. Counted per day,
 *   import, category and status in SubscriberTally, per category and domain in DomainTally.
 * The tallies are kept exact by triggers (prisma/migrations/*_tallies): a few thousand rows to read
 * instead of a million to group. Every filter is whole UTC days, so day counts answer it exactly.
 * Only distinct and top domains within a period or set of imports still read Subscriber's indexes.
 */

type Where = { sql: string; params: (string | number)[] };

const PERIOD_INDEX = "Subscriber_category_lastBouncedAt_status_domain_lastImportId_idx";
const DOMAIN_INDEX = "Subscriber_category_domain_status_lastBouncedAt_lastImportId_idx";
const ACTIVE = "('open','in_progress')";

const GROUP_OF = new Map(CATEGORIES.map((c) => [c.code, c.group]));
const ALL_CODES = CATEGORIES.map((c) => c.code);

function categoriesOf(group: CategoryGroup | undefined): string[] {
  return group ? CATEGORIES.filter((c) => c.group === group).map((c) => c.code) : [];
}

/** The categories in view: one chosen, else the group's, else all (naming them lets SQLite seek category-first keys). */
function categoriesInView(f: Pick<ResolvedFilters, "group">, category?: string): string[] {
  return category ? [category] : f.group ? categoriesOf(f.group) : ALL_CODES;
}

const marks = (xs: unknown[]) => xs.map(() => "?").join(",");

function where(
  period: Period,
  f: Pick<ResolvedFilters, "imports" | "group">,
  cols: { at: string; importId: string; category: string },
  toKey: (ms: number) => number,
  category?: string,
): Where {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (period.from !== null) clauses.push(`${cols.at} >= ?`), params.push(toKey(period.from));
  if (period.to !== null) clauses.push(`${cols.at} < ?`), params.push(toKey(period.to));
  if (f.imports.length) clauses.push(`${cols.importId} IN (${marks(f.imports)})`), params.push(...f.imports);
  const cats = categoriesInView(f, category);
  clauses.push(`${cols.category} IN (${marks(cats)})`), params.push(...cats);
  return { sql: clauses.join(" AND "), params };
}

/** Filters on a tally's day, importId and category columns; periods are whole days. */
const tallyWhere = (p: Period, f: Pick<ResolvedFilters, "imports" | "group">, category?: string, alias = "") =>
  where(p, f, { at: `${alias}day`, importId: `${alias}importId`, category: `${alias}category` }, (ms) => Math.floor(ms / DAY_MS), category);
const subscriberWhere = (p: Period, f: Pick<ResolvedFilters, "imports" | "group">, category?: string, alias = "") =>
  where(p, f, { at: `${alias}lastBouncedAt`, importId: `${alias}lastImportId`, category: `${alias}category` }, (ms) => ms, category);

/** No period and no imports chosen: the all-time per-domain tally answers domain questions. */
const wholeHistory = (p: Period, f: ResolvedFilters) => p.from === null && p.to === null && f.imports.length === 0;

// The query* functions below are getInsights' building blocks: they take the caller's connection and run
// inside its read transaction, so they stay synchronous; pages and routes call getInsights.

/** Bounces per day and category, days `firstDay`..`lastDay`; `fillSeries` rolls days into weeks. */
export function queryBounceBuckets(db: Database.Database, f: ResolvedFilters, firstDay: number, lastDay: number): DayCount<string>[] {
  if (lastDay < firstDay) return [];
  const w = tallyWhere({ from: firstDay * DAY_MS, to: (lastDay + 1) * DAY_MS }, f, f.category);
  return db
    .prepare(`SELECT day, category AS key, sum(n) AS n FROM BounceTally WHERE ${w.sql} GROUP BY day, category HAVING sum(n) > 0`)
    .all(...w.params) as DayCount<string>[];
}

/** First and last day with a bounce in view, for "all time". */
export function queryBounceSpan(db: Database.Database, f: ResolvedFilters): { first: number; last: number } | null {
  const w = tallyWhere({ from: null, to: null }, f, f.category);
  const row = db.prepare(`SELECT min(day) AS lo, max(day) AS hi FROM BounceTally WHERE n > 0 AND ${w.sql}`).get(...w.params) as {
    lo: number | null;
    hi: number | null;
  };
  return row.lo === null || row.hi === null ? null : { first: row.lo, last: row.hi };
}

/** Every bounce in view (the timeline's own category filter does not narrow this KPI). */
export function queryBounceCount(db: Database.Database, period: Period, f: ResolvedFilters): number {
  const w = tallyWhere(period, f);
  return (
    (db
      .prepare(`SELECT coalesce(sum(n), 0) FROM BounceTally WHERE ${w.sql}`)
      .pluck()
      .get(...w.params) as number) ?? 0
  );
}

/**
 * The imports to compare (the chosen ones, else the six most recent done ones with bounces in view)
 * and their bounces per category.
 */
export function queryImportCategories(db: Database.Database, f: ResolvedFilters, max = 6): { importId: string; category: string; n: number }[] {
  const w = tallyWhere(f.current, f);
  const ids = f.imports.length
    ? f.imports
    : (db
        .prepare(`SELECT i.id FROM Import i WHERE i.status = 'done' AND i.id IN (SELECT importId FROM BounceTally WHERE n > 0 AND ${w.sql})
          ORDER BY i.createdAt DESC, i.id LIMIT ${max}`)
        .pluck()
        .all(...w.params) as string[]);
  if (!ids.length) return [];
  const wi = tallyWhere(f.current, { ...f, imports: ids });
  return db.prepare(`SELECT importId, category, sum(n) AS n FROM BounceTally WHERE ${wi.sql} GROUP BY importId, category`).all(...wi.params) as {
    importId: string;
    category: string;
    n: number;
  }[];
}

/**
 * Subscribers per category and status, with the domains and imports still being worked on (for open
 * tasks), for each period given (the current one and the one before, read together).
 */
export function querySubscriberCategories(db: Database.Database, periods: Period[], f: ResolvedFilters): CategoryCounts[][] {
  const counted = periods.map((period) => {
    const w = tallyWhere(period, f);
    const byCategory = new Map<string, CategoryCounts>();
    const row = (category: string) => {
      let r = byCategory.get(category);
      if (!r) byCategory.set(category, (r = { category, open: 0, in_progress: 0, recovered: 0, unrecoverable: 0, activeDomains: 0, activeImports: 0 }));
      return r;
    };
    const statuses = db
      .prepare(`SELECT category, status, sum(n) AS n FROM SubscriberTally WHERE ${w.sql} GROUP BY category, status HAVING sum(n) > 0`)
      .all(...w.params) as { category: string; status: "open" | "in_progress" | "recovered" | "unrecoverable"; n: number }[];
    for (const s of statuses) if (s.status in STATUS_KEYS) row(s.category)[s.status] = s.n;
    const imports = db
      .prepare(`SELECT category, count(DISTINCT importId) AS n FROM SubscriberTally WHERE ${w.sql} AND status IN ${ACTIVE} AND n > 0 GROUP BY category`)
      .all(...w.params) as { category: string; n: number }[];
    for (const i of imports) row(i.category).activeImports = i.n;
    return byCategory;
  });
  const active = counted.map((m) => [...m.values()].reduce((a, c) => a + c.open + c.in_progress, 0));
  const domains = queryActiveDomains(db, periods, f, active);
  return counted.map((byCategory, k) => {
    for (const c of byCategory.values()) c.activeDomains = domains[k].get(c.category) ?? 0;
    return [...byCategory.values()];
  });
}
const STATUS_KEYS = { open: 1, in_progress: 1, recovered: 1, unrecoverable: 1 };

/** Distinct domains with a subscriber still being worked on, per category, for each period. */
function queryActiveDomains(db: Database.Database, periods: Period[], f: ResolvedFilters, activeInPeriods: number[]): Map<string, number>[] {
  const cats = categoriesInView(f);
  const toMap = (rows: { category: string; n: number }[]) => new Map(rows.map((r) => [r.category, r.n]));
  const perPeriod = () =>
    periods.map((p) => {
      const w = subscriberWhere(p, f);
      return toMap(
        db
          .prepare(`SELECT category, count(DISTINCT domain) AS n FROM Subscriber WHERE ${w.sql} AND status IN ${ACTIVE} GROUP BY category`)
          .all(...w.params) as { category: string; n: number }[],
      );
    });
  // A set of imports holds few subscribers: count them import by import on the lastImportId index.
  if (f.imports.length) return perPeriod();
  if (periods.every((p) => wholeHistory(p, f))) {
    const all = toMap(
      db.prepare(`SELECT category, count(*) AS n FROM DomainTally WHERE category IN (${marks(cats)}) AND active > 0 GROUP BY category`).all(...cats) as {
        category: string;
        n: number;
      }[],
    );
    return periods.map(() => all);
  }
  // Short periods: count(DISTINCT) over each period's range of the category+period index. It costs about
  // twice per row what the walk below costs over every active subscriber, hence the switch at half.
  const everyActive = db
    .prepare(`SELECT coalesce(sum(n), 0) FROM SubscriberTally WHERE category IN (${marks(cats)}) AND status IN ${ACTIVE}`)
    .pluck()
    .get(...cats) as number;
  if (activeInPeriods.reduce((a, b) => a + b, 0) * 2 < everyActive) return perPeriod();
  // One walk of the (category, domain, …) index for all periods: each (category, domain) group says in
  // which periods it has an active subscriber, without the temporary b-tree that count(DISTINCT) needs
  // (measured twice as fast as one count(DISTINCT) per period).
  const params: (string | number)[] = [];
  const flags = periods.map((p, k) => {
    const conds: string[] = [];
    if (p.from !== null) conds.push("lastBouncedAt >= ?"), params.push(p.from);
    if (p.to !== null) conds.push("lastBouncedAt < ?"), params.push(p.to);
    return `max(${conds.length ? conds.join(" AND ") : "1"}) AS p${k}`;
  });
  const rows = db
    .prepare(`SELECT category, ${periods.map((_, k) => `sum(p${k}) AS p${k}`).join(", ")} FROM (
        SELECT category, domain, ${flags.join(", ")} FROM Subscriber ${indexHint(db, DOMAIN_INDEX)}
        WHERE category IN (${marks(cats)}) AND status IN ${ACTIVE} GROUP BY category, domain)
      GROUP BY category`)
    .all(...params, ...cats) as Record<string, number | string>[];
  return periods.map((_, k) => new Map(rows.map((r) => [r.category as string, Number(r[`p${k}`])])));
}

/**
 * Done ticks per category and scope that concern a subscriber still being worked on in the period.
 * TaskState holds only what people did, so it is small; each tick probes the subscriber indexes.
 */
export function queryDoneTicks(db: Database.Database, period: Period, f: ResolvedFilters): { category: string; scope: string; n: number }[] {
  // One EXISTS per scope, each on its own index: the primary key, Subscriber(category, domain) (named:
  // without statistics SQLite prefers the covering period index and walks a whole category per tick,
  // measured 2-30 s with 5,000 ticks), and for campaign ticks (few) the category+period index.
  const w = where(period, f, { at: "+s.lastBouncedAt", importId: "s.lastImportId", category: "s.category" }, (ms) => ms);
  const wRange = subscriberWhere(period, f, undefined, "s.");
  const cats = categoriesInView(f);
  const alive = (match: string, cond: string, index = "") =>
    `EXISTS (SELECT 1 FROM Subscriber s ${index} WHERE ${match} AND s.category = t.category AND s.status IN ${ACTIVE} AND ${cond})`;
  // Across all time the per-domain tally says at once whether a domain still has work in a category.
  const all = wholeHistory(period, f);
  const domainAlive = all
    ? "EXISTS (SELECT 1 FROM DomainTally d WHERE d.category = t.category AND d.domain = t.target AND d.active > 0)"
    : alive("s.domain = t.target", w.sql, indexHint(db, DOMAIN_INDEX));
  return db
    .prepare(`SELECT t.category, t.scope, count(*) AS n FROM TaskState t
      WHERE t.done = 1 AND t.category IN (${marks(cats)}) AND (
        (t.scope = 'subscriber' AND ${alive("s.id = CAST(t.target AS INTEGER)", w.sql)}) OR
        (t.scope = 'domain' AND ${domainAlive}) OR
        (t.scope = 'import' AND ${alive("s.lastImportId = t.target", wRange.sql)}))
      GROUP BY t.category, t.scope`)
    .all(...cats, ...w.params, ...(all ? [] : w.params), ...wRange.params) as { category: string; scope: string; n: number }[];
}

/** The 10 domains with most subscribers, split by category; `category` narrows to one. */
export function queryTopDomains(db: Database.Database, f: ResolvedFilters, category?: CategoryCode, limit = 10): DomainRow[] {
  const cats = categoriesInView(f, category);
  let top: { domain: string; n: number }[];
  let split: { domain: string; category: CategoryCode; n: number }[];
  if (wholeHistory(f.current, f)) {
    top = db
      .prepare(
        `SELECT domain, sum(total) AS n FROM DomainTally WHERE category IN (${marks(cats)}) GROUP BY domain HAVING n > 0 ORDER BY n DESC, domain LIMIT ${limit}`,
      )
      .all(...cats) as { domain: string; n: number }[];
    if (!top.length) return [];
    split = db
      .prepare(`SELECT domain, category, total AS n FROM DomainTally WHERE category IN (${marks(cats)}) AND domain IN (${marks(top)}) AND total > 0`)
      .all(...cats, ...top.map((t) => t.domain)) as { domain: string; category: CategoryCode; n: number }[];
  } else {
    const w = subscriberWhere(f.current, f, category);
    // With a period, seek it on the wide category+period index; left alone, SQLite walks the domain index
    // in order and looks up every row's date (measured 400 ms for the last 7 days of 367k subscribers).
    const hint = f.current.from !== null ? indexHint(db, PERIOD_INDEX) : "";
    top = db
      .prepare(`SELECT domain, count(*) AS n FROM Subscriber ${hint} WHERE ${w.sql} GROUP BY domain ORDER BY n DESC, domain LIMIT ${limit}`)
      .all(...w.params) as { domain: string; n: number }[];
    if (!top.length) return [];
    split = db
      .prepare(`SELECT domain, category, count(*) AS n FROM Subscriber ${hint} WHERE ${w.sql} AND domain IN (${marks(top)}) GROUP BY 1, 2`)
      .all(...w.params, ...top.map((t) => t.domain)) as { domain: string; category: CategoryCode; n: number }[];
  }
  return top.map((t) => {
    const byGroup: Record<CategoryGroup, number> = { address: 0, recipient: 0, sender: 0, other: 0 };
    let topCategory: CategoryCode = category ?? "other";
    let best = -1;
    for (const s of split) {
      if (s.domain !== t.domain) continue;
      byGroup[GROUP_OF.get(s.category) ?? "other"] += s.n;
      if (!category && s.n > best) (best = s.n), (topCategory = s.category);
    }
    return { domain: t.domain, subscribers: t.n, byGroup, topCategory };
  });
}

export function queryImportOptions(db: Database.Database): { id: string; fileName: string; createdAt: string }[] {
  const rows = db.prepare(`SELECT id, fileName, createdAt FROM Import WHERE status = 'done' ORDER BY createdAt DESC, id LIMIT 200`).all() as {
    id: string;
    fileName: string;
    createdAt: number;
  }[];
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}

type DoneTicks = { category: string; scope: string; n: number }[];

/**
 * A category's checklist tasks: one per step and target (active subscriber, domain or import), and how
 * many of them are ticked done. Shared by the insights and the overview, so both count alike.
 */
export function categoryTasks(c: CategoryCounts | undefined, code: string, ticks: DoneTicks): { total: number; done: number } {
  const cat = CATEGORIES.find((x) => x.code === code);
  if (!cat || !c) return { total: 0, done: 0 };
  let total = 0;
  let done = 0;
  const scopes = new Set<string>();
  for (const step of cat.steps) {
    const scope = STEPS[step].scope;
    total += scope === "subscriber" ? c.open + c.in_progress : scope === "domain" ? c.activeDomains : c.activeImports;
    scopes.add(scope);
  }
  for (const t of ticks) if (t.category === code && scopes.has(t.scope)) done += t.n;
  return { total, done };
}

function openTasks(counts: CategoryCounts[], ticks: DoneTicks): number {
  let open = 0;
  for (const c of counts) {
    const { total, done } = categoryTasks(c, c.category, ticks);
    open += total - done;
  }
  return Math.max(0, open);
}

function subscriberCounts(db: Database.Database, f: ResolvedFilters): { cur: CategoryCounts[]; prev: CategoryCounts[] | null } {
  const [cur, prev] = querySubscriberCategories(db, f.previous ? [f.current, f.previous] : [f.current], f);
  return { cur, prev: prev ?? null };
}

/** Everything the insights page shows for one set of filters. */
export async function getInsights(params: InsightsParams, db: Database.Database = sqlite(), now: number = Date.now()): Promise<Insights> {
  const f = resolveFilters(params, now);
  const read = db.transaction(() => {
    const span =
      f.current.from !== null && f.current.to !== null ? { first: dayNumber(f.current.from), last: dayNumber(f.current.to) - 1 } : queryBounceSpan(db, f);
    const bucket = span ? chooseBucket(f.bucket, span.first, span.last) : "day";
    const days = span ? queryBounceBuckets(db, f, span.first, span.last) : [];
    return {
      span,
      bucket,
      days,
      ...subscriberCounts(db, f),
      curTicks: queryDoneTicks(db, f.current, f),
      prevTicks: f.previous ? queryDoneTicks(db, f.previous, f) : null,
      // Without a category filter the timeline already holds every bounce in view.
      bounces: f.category ? queryBounceCount(db, f.current, f) : days.reduce((a, d) => a + d.n, 0),
      prevBounces: f.previous ? queryBounceCount(db, f.previous, f) : null,
      domains: queryTopDomains(db, f, f.domainCategory),
      byImport: queryImportCategories(db, f),
      options: queryImportOptions(db),
    };
  });
  // One read transaction: every figure comes from the same snapshot even while an import runs.
  const r = read.deferred();

  const now0 = periodCounts(r.cur);
  const prev0 = r.prev ? periodCounts(r.prev) : null;
  const groupDays = r.days.map((d) => ({ day: d.day, key: GROUP_OF.get(d.key as CategoryCode) ?? "other", n: d.n }));
  const points = r.span
    ? fillSeries(
        groupDays,
        GROUPS.map((g) => g.id),
        r.bucket,
        r.span.first,
        r.span.last,
      )
    : [];
  const bucket = r.bucket;

  const byCode = new Map(r.cur.map((c) => [c.category, c]));
  const categories: CategoryRow[] = CATEGORIES.filter((c) => !f.group || c.group === f.group).map((c) => {
    const s = byCode.get(c.code);
    const row = { open: s?.open ?? 0, in_progress: s?.in_progress ?? 0, recovered: s?.recovered ?? 0, unrecoverable: s?.unrecoverable ?? 0 };
    return { code: c.code, label: c.label, group: c.group, subscribers: row.open + row.in_progress + row.recovered + row.unrecoverable, ...row };
  });

  const columns: ImportColumn[] = importLabels(r.options, r.byImport, f.imports);
  const importRows = CATEGORIES.filter((c) => !f.group || c.group === f.group).map((c) => ({
    code: c.code,
    label: c.label,
    group: c.group,
    counts: Object.fromEntries(columns.map((col) => [col.id, r.byImport.find((b) => b.importId === col.id && b.category === c.code)?.n ?? 0])),
  }));

  return {
    params,
    period: f.current,
    previous: f.previous,
    kpis: {
      subscribers: compare(now0.subscribers, prev0?.subscribers),
      bounces: compare(r.bounces, r.prevBounces),
      recoverable: compare(now0.recoverable, prev0?.recoverable),
      recovered: compare(now0.recovered, prev0?.recovered),
      openTasks: compare(openTasks(r.cur, r.curTicks), r.prev && r.prevTicks ? openTasks(r.prev, r.prevTicks) : null),
      byGroup: GROUPS.map((g) => ({ group: g.id, label: g.label, subscribers: now0.byGroup[g.id] })),
    },
    timeline: { bucket, points },
    categories,
    domains: { category: f.domainCategory ?? null, rows: r.domains },
    imports: { columns, rows: importRows.filter((row) => Object.values(row.counts).some((n) => n > 0)) },
    importOptions: r.options,
  };
}
