import "server-only";
import type Database from "better-sqlite3";
import { CATEGORIES, GROUPS, STEPS, type CategoryCode, type CategoryGroup } from "../categories";
import { sqlite } from "../db/sqlite";
import { bucketStartDay, chooseBucket, dayNumber, fillSeries, type Bucket, type DayCount } from "../insights/buckets";
import { compare } from "../insights/compare";
import { DAY_MS, resolveFilters, type InsightsParams, type Period, type ResolvedFilters } from "../insights/filters";
import { importLabels, periodCounts, type CategoryCounts } from "../insights/shape";
import type { CategoryRow, DomainRow, ImportColumn, Insights } from "../insights/types";

/*
 * Aggregates for the insights page, all counted in SQL. Two tables, two meanings:
 * - Bounce rows (events) answer "how many bounces, when, from which import": filtered on occurredAt.
 * - Subscriber rows answer "who, which domain, how far is recovery": a subscriber belongs to the
 *   period, import and category of their latest bounce (Subscriber.lastBouncedAt/lastImportId/category),
 *   so each subscriber is counted once and the numbers match the category pages.
 */

type Where = { sql: string; params: (string | number)[] };

const PERIOD_INDEX = "Subscriber_category_lastBouncedAt_status_domain_lastImportId_idx";
const DOMAIN_INDEX = "Subscriber_category_domain_idx";

/**
 * `INDEXED BY name` when that index exists, else nothing: a big import drops secondary indexes until
 * it ends (lib/ingest/bulk-indexes.ts), and naming a missing index is an error, not a slow query.
 */
function indexHint(db: Database.Database, name: string): string {
  const found = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(name);
  return found ? `INDEXED BY "${name}"` : "";
}
const GROUP_OF = new Map(CATEGORIES.map((c) => [c.code, c.group]));

function categoriesOf(group: CategoryGroup | undefined): string[] {
  return group ? CATEGORIES.filter((c) => c.group === group).map((c) => c.code) : [];
}

function where(period: Period, f: Pick<ResolvedFilters, "imports" | "group">, cols: { at: string; importId: string; category: string }, category?: string, allCategories = false): Where {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (period.from !== null) clauses.push(`${cols.at} >= ?`), params.push(period.from);
  if (period.to !== null) clauses.push(`${cols.at} < ?`), params.push(period.to);
  if (f.imports.length) clauses.push(`${cols.importId} IN (${f.imports.map(() => "?").join(",")})`), params.push(...f.imports);
  // Naming every category (when none is chosen) lets SQLite seek category-first indexes per category.
  const cats = category ? [category] : f.group ? categoriesOf(f.group) : allCategories ? CATEGORIES.map((c) => c.code) : [];
  if (cats.length) clauses.push(`${cols.category} IN (${cats.map(() => "?").join(",")})`), params.push(...cats);
  return { sql: clauses.length ? clauses.join(" AND ") : "1 = 1", params };
}

const bounceWhere = (p: Period, f: ResolvedFilters, category?: string, all = false) =>
  where(p, f, { at: "occurredAt", importId: "importId", category: "category" }, category, all);
const subscriberWhere = (p: Period, f: ResolvedFilters, category?: string, alias = "") =>
  where(p, f, { at: `${alias}lastBouncedAt`, importId: `${alias}lastImportId`, category: `${alias}category` }, category, true);

const ALL_CODES = CATEGORIES.map((c) => c.code);
const CODES_CTE = `codes(code) AS (VALUES ${ALL_CODES.map((c) => `('${c}')`).join(", ")})`;

/**
 * Bounces per bucket and category. Grouping a million rows by an expression makes SQLite sort them
 * all (seconds); counting each (category, bucket) range on the Bounce(category, occurredAt) index
 * (or Bounce(importId, category, occurredAt) when imports are chosen) only walks index entries.
 */
export function queryBounceBuckets(db: Database.Database, f: ResolvedFilters, firstDay: number, lastDay: number, bucket: Bucket): DayCount<string>[] {
  if (lastDay < firstDay) return [];
  const step = bucket === "week" ? 7 : 1;
  const lo = firstDay * DAY_MS;
  const hi = (lastDay + 1) * DAY_MS;
  const first = bucketStartDay(firstDay, bucket);
  const cats = f.category ? [f.category] : categoriesOf(f.group).length ? categoriesOf(f.group) : ALL_CODES;
  const imports = f.imports.length ? `x.importId IN (${f.imports.map(() => "?").join(",")}) AND` : "";
  return db
    .prepare(`WITH RECURSIVE b(d) AS (SELECT ? UNION ALL SELECT d + ? FROM b WHERE d + ? <= ?), ${CODES_CTE}
      SELECT b.d AS day, codes.code AS key,
        (SELECT count(*) FROM Bounce x WHERE ${imports} x.category = codes.code
           AND x.occurredAt >= max(b.d * 86400000, ?) AND x.occurredAt < min((b.d + ?) * 86400000, ?)) AS n
      FROM b, codes WHERE codes.code IN (${cats.map(() => "?").join(",")})`)
    .all(first, step, step, lastDay, ...f.imports, lo, step, hi, ...cats) as DayCount<string>[];
}

/** First and last bounce day in view, for "all time": a min/max seek per category on the index. */
export function queryBounceSpan(db: Database.Database, f: ResolvedFilters): { first: number; last: number } | null {
  const cats = f.category ? [f.category] : categoriesOf(f.group).length ? categoriesOf(f.group) : ALL_CODES;
  const imports = f.imports.length ? `AND x.importId IN (${f.imports.map(() => "?").join(",")})` : "";
  const row = db
    .prepare(`WITH ${CODES_CTE} SELECT min(lo) AS lo, max(hi) AS hi FROM (
        SELECT (SELECT min(occurredAt) FROM Bounce x WHERE x.category = codes.code ${imports}) AS lo,
               (SELECT max(occurredAt) FROM Bounce x WHERE x.category = codes.code ${imports}) AS hi
        FROM codes WHERE codes.code IN (${cats.map(() => "?").join(",")}))`)
    .get(...f.imports, ...f.imports, ...cats) as { lo: number | null; hi: number | null };
  return row.lo === null || row.hi === null ? null : { first: dayNumber(row.lo), last: dayNumber(row.hi) };
}

export function queryBounceCount(db: Database.Database, period: Period, f: ResolvedFilters): number {
  // Naming every category lets SQLite seek the (category, occurredAt) index instead of scanning the table.
  const w = bounceWhere(period, f, undefined, true);
  return db.prepare(`SELECT count(*) FROM Bounce WHERE ${w.sql}`).pluck().get(...w.params) as number;
}

/**
 * The imports to compare (the chosen ones, else the six most recent with bounces in view) and their
 * bounces per category, each count one index range.
 */
export function queryImportCategories(db: Database.Database, f: ResolvedFilters, max = 6): { importId: string; category: string; n: number }[] {
  const range = [f.current.from ?? 0, f.current.to ?? Number.MAX_SAFE_INTEGER];
  const cats = categoriesOf(f.group).length ? categoriesOf(f.group) : ALL_CODES;
  const inCats = `(${cats.map(() => "?").join(",")})`;
  const ids = f.imports.length
    ? f.imports
    : (db
        .prepare(`WITH ${CODES_CTE} SELECT i.id FROM Import i WHERE i.status = 'done' AND EXISTS (
            SELECT 1 FROM codes, Bounce x WHERE codes.code IN ${inCats} AND x.importId = i.id AND x.category = codes.code AND x.occurredAt >= ? AND x.occurredAt < ?)
          ORDER BY i.createdAt DESC, i.id LIMIT ${max}`)
        .pluck()
        .all(...cats, ...range) as string[]);
  if (!ids.length) return [];
  return db
    .prepare(`WITH ${CODES_CTE} SELECT i.id AS importId, codes.code AS category,
        (SELECT count(*) FROM Bounce x WHERE x.importId = i.id AND x.category = codes.code AND x.occurredAt >= ? AND x.occurredAt < ?) AS n
      FROM Import i, codes WHERE i.id IN (${ids.map(() => "?").join(",")}) AND codes.code IN ${inCats}`)
    .all(...range, ...ids, ...cats) as { importId: string; category: string; n: number }[];
}

/** Subscribers per category and status, with the domains and imports still being worked on (for open tasks). */
export function querySubscriberCategories(db: Database.Database, period: Period, f: ResolvedFilters): CategoryCounts[] {
  const w = subscriberWhere(period, f);
  return db
    .prepare(`SELECT category,
        sum(status = 'open') AS open, sum(status = 'in_progress') AS in_progress,
        sum(status = 'recovered') AS recovered, sum(status = 'unrecoverable') AS unrecoverable,
        count(DISTINCT CASE WHEN status IN ('open','in_progress') THEN domain END) AS activeDomains,
        count(DISTINCT CASE WHEN status IN ('open','in_progress') THEN lastImportId END) AS activeImports
      FROM Subscriber WHERE ${w.sql} GROUP BY category`)
    .all(...w.params) as CategoryCounts[];
}

/**
 * Done ticks per category and scope that concern a subscriber still being worked on in the period.
 * TaskState holds only what people did, so it is small; each tick probes the subscriber indexes.
 */
export function queryDoneTicks(db: Database.Database, period: Period, f: ResolvedFilters): { category: string; scope: string; n: number }[] {
  // One EXISTS per scope, each on its own index: the primary key, Subscriber(category, domain) (named:
  // without statistics SQLite prefers the covering period index and walks a whole category per tick,
  // measured 2-30 s with 5,000 ticks), and for campaign ticks (few) the category+period index.
  const w = where(period, f, { at: "+s.lastBouncedAt", importId: "s.lastImportId", category: "s.category" });
  const wRange = subscriberWhere(period, f, undefined, "s.");
  const alive = (match: string, cond: string, index = "") => `EXISTS (SELECT 1 FROM Subscriber s ${index} WHERE ${match} AND s.category = t.category AND s.status IN ('open','in_progress') AND ${cond})`;
  return db
    .prepare(`SELECT t.category, t.scope, count(*) AS n FROM TaskState t
      WHERE t.done = 1 AND (
        (t.scope = 'subscriber' AND ${alive("s.id = CAST(t.target AS INTEGER)", w.sql)}) OR
        (t.scope = 'domain' AND ${alive("s.domain = t.target", w.sql, indexHint(db, DOMAIN_INDEX))}) OR
        (t.scope = 'import' AND ${alive("s.lastImportId = t.target", wRange.sql)}))
      GROUP BY t.category, t.scope`)
    .all(...w.params, ...w.params, ...wRange.params) as { category: string; scope: string; n: number }[];
}

/** The 10 domains with most subscribers, split by category; `category` narrows to one. */
export function queryTopDomains(db: Database.Database, f: ResolvedFilters, category?: CategoryCode, limit = 10): DomainRow[] {
  const w = subscriberWhere(f.current, f, category);
  // With a period, seek it on the wide category+period index; left alone, SQLite walks the domain index
  // in order and looks up every row's date (measured 400 ms for the last 7 days of 367k subscribers).
  const hint = f.current.from !== null ? indexHint(db, PERIOD_INDEX) : "";
  const top = db
    .prepare(`SELECT domain, count(*) AS n FROM Subscriber ${hint} WHERE ${w.sql} GROUP BY domain ORDER BY n DESC, domain LIMIT ${limit}`)
    .all(...w.params) as { domain: string; n: number }[];
  if (!top.length) return [];
  const split = db
    .prepare(`SELECT domain, category, count(*) AS n FROM Subscriber ${hint} WHERE ${w.sql} AND domain IN (${top.map(() => "?").join(",")}) GROUP BY 1, 2`)
    .all(...w.params, ...top.map((t) => t.domain)) as { domain: string; category: CategoryCode; n: number }[];
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
  const rows = db.prepare(`SELECT id, fileName, createdAt FROM Import WHERE status = 'done' ORDER BY createdAt DESC, id LIMIT 200`).all() as { id: string; fileName: string; createdAt: number }[];
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}

function openTasks(counts: CategoryCounts[], ticks: { category: string; scope: string; n: number }[]): number {
  const done = new Map(ticks.map((t) => [`${t.category}|${t.scope}`, t.n]));
  let total = 0;
  for (const c of counts) {
    const cat = CATEGORIES.find((x) => x.code === c.category);
    if (!cat) continue;
    const scopes = new Set<string>();
    for (const step of cat.steps) {
      const scope = STEPS[step].scope;
      total += scope === "subscriber" ? c.open + c.in_progress : scope === "domain" ? c.activeDomains : c.activeImports;
      scopes.add(scope);
    }
    for (const scope of scopes) total -= done.get(`${c.category}|${scope}`) ?? 0;
  }
  return Math.max(0, total);
}

/** Everything the insights page shows for one set of filters. */
export function getInsights(params: InsightsParams, db: Database.Database = sqlite(), now: number = Date.now()): Insights {
  const f = resolveFilters(params, now);
  const read = db.transaction(() => {
    const span = f.current.from !== null && f.current.to !== null ? { first: dayNumber(f.current.from), last: dayNumber(f.current.to) - 1 } : queryBounceSpan(db, f);
    const bucket = span ? chooseBucket(f.bucket, span.first, span.last) : "day";
    const days = span ? queryBounceBuckets(db, f, span.first, span.last, bucket) : [];
    return {
      span,
      bucket,
      days,
      cur: querySubscriberCategories(db, f.current, f),
      prev: f.previous ? querySubscriberCategories(db, f.previous, f) : null,
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
  const points = r.span ? fillSeries(groupDays, GROUPS.map((g) => g.id), r.bucket, r.span.first, r.span.last) : [];
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
