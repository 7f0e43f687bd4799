import "server-only";
import type Database from "better-sqlite3";
import { CATEGORIES, GROUPS, STEPS, type CategoryCode, type CategoryGroup } from "../categories";
import { sqlite } from "../db/sqlite";
import { chooseBucket, dayNumber, fillSeries, type DayCount } from "../insights/buckets";
import { compare } from "../insights/compare";
import { resolveFilters, type InsightsParams, type Period, type ResolvedFilters } from "../insights/filters";
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

const GROUP_OF = new Map(CATEGORIES.map((c) => [c.code, c.group]));

function categoriesOf(group: CategoryGroup | undefined): string[] {
  return group ? CATEGORIES.filter((c) => c.group === group).map((c) => c.code) : [];
}

function where(period: Period, f: Pick<ResolvedFilters, "imports" | "group">, cols: { at: string; importId: string; category: string }, category?: string): Where {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (period.from !== null) clauses.push(`${cols.at} >= ?`), params.push(period.from);
  if (period.to !== null) clauses.push(`${cols.at} < ?`), params.push(period.to);
  if (f.imports.length) clauses.push(`${cols.importId} IN (${f.imports.map(() => "?").join(",")})`), params.push(...f.imports);
  const cats = category ? [category] : categoriesOf(f.group);
  if (cats.length) clauses.push(`${cols.category} IN (${cats.map(() => "?").join(",")})`), params.push(...cats);
  return { sql: clauses.length ? clauses.join(" AND ") : "1 = 1", params };
}

const bounceWhere = (p: Period, f: ResolvedFilters, category?: string) => where(p, f, { at: "occurredAt", importId: "importId", category: "category" }, category);
const subscriberWhere = (p: Period, f: ResolvedFilters, category?: string, alias = "") =>
  where(p, f, { at: `${alias}lastBouncedAt`, importId: `${alias}lastImportId`, category: `${alias}category` }, category);

/** Bounces per UTC day and category group (for the timeline). */
export function queryBounceDays(db: Database.Database, f: ResolvedFilters): DayCount<string>[] {
  const w = bounceWhere(f.current, f, f.category);
  return db.prepare(`SELECT occurredAt / 86400000 AS day, category AS key, count(*) AS n FROM Bounce WHERE ${w.sql} GROUP BY 1, 2`).all(...w.params) as DayCount<string>[];
}

export function queryBounceCount(db: Database.Database, period: Period, f: ResolvedFilters): number {
  const w = bounceWhere(period, f);
  return db.prepare(`SELECT count(*) FROM Bounce WHERE ${w.sql}`).pluck().get(...w.params) as number;
}

/** Bounces per import and category. */
export function queryImportCategories(db: Database.Database, f: ResolvedFilters): { importId: string; category: string; n: number }[] {
  const w = bounceWhere(f.current, f);
  return db.prepare(`SELECT importId, category, count(*) AS n FROM Bounce WHERE ${w.sql} GROUP BY 1, 2`).all(...w.params) as { importId: string; category: string; n: number }[];
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
  const w = subscriberWhere(period, f, undefined, "s.");
  return db
    .prepare(`SELECT t.category, t.scope, count(*) AS n FROM TaskState t
      WHERE t.done = 1 AND EXISTS (
        SELECT 1 FROM Subscriber s WHERE s.category = t.category AND s.status IN ('open','in_progress') AND ${w.sql} AND (
          (t.scope = 'subscriber' AND s.id = CAST(t.target AS INTEGER)) OR
          (t.scope = 'domain' AND s.domain = t.target) OR
          (t.scope = 'import' AND s.lastImportId = t.target)))
      GROUP BY t.category, t.scope`)
    .all(...w.params) as { category: string; scope: string; n: number }[];
}

/** The 10 domains with most subscribers, split by category; `category` narrows to one. */
export function queryTopDomains(db: Database.Database, f: ResolvedFilters, category?: CategoryCode, limit = 10): DomainRow[] {
  const w = subscriberWhere(f.current, f, category);
  const top = db
    .prepare(`SELECT domain, count(*) AS n FROM Subscriber WHERE ${w.sql} GROUP BY domain ORDER BY n DESC, domain LIMIT ${limit}`)
    .all(...w.params) as { domain: string; n: number }[];
  if (!top.length) return [];
  const split = db
    .prepare(`SELECT domain, category, count(*) AS n FROM Subscriber WHERE ${w.sql} AND domain IN (${top.map(() => "?").join(",")}) GROUP BY 1, 2`)
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
    const days = queryBounceDays(db, f);
    const cur = querySubscriberCategories(db, f.current, f);
    const prev = f.previous ? querySubscriberCategories(db, f.previous, f) : null;
    return {
      days,
      cur,
      prev,
      curTicks: queryDoneTicks(db, f.current, f),
      prevTicks: f.previous ? queryDoneTicks(db, f.previous, f) : null,
      bounces: queryBounceCount(db, f.current, f),
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
  const firstDay = f.current.from !== null ? dayNumber(f.current.from) : Math.min(...r.days.map((d) => d.day));
  const lastDay = f.current.to !== null ? dayNumber(f.current.to) - 1 : Math.max(...r.days.map((d) => d.day));
  const bucket = chooseBucket(f.bucket, firstDay, lastDay);
  const groupDays = r.days.map((d) => ({ day: d.day, key: GROUP_OF.get(d.key as CategoryCode) ?? "other", n: d.n }));
  const points = Number.isFinite(firstDay) ? fillSeries(groupDays, GROUPS.map((g) => g.id), bucket, firstDay, lastDay) : [];

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
