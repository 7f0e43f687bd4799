import "server-only";
import { CATEGORIES, type CategoryCode, type CategoryGroup } from "../categories";
import { remember } from "../db/memo";
import { reader } from "../db/reader";
import { sqlite } from "../db/sqlite";
import { insightsParamsSchema, resolveFilters } from "../insights/filters";
import { categoryTasks, queryDoneTicks, querySubscriberCategories } from "./insights";
import { EVERY_CATEGORY } from "./memo-topics";

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
 * Per-category counts, read from the tallies the insights use (all time, every import). A step's open
 * tasks are the distinct targets (subscribers, domains or imports) among the category's active
 * subscribers that have no done tick for it.
 */
export async function getCategoryStats(): Promise<CategoryStats[]> {
  const db = sqlite();
  // Every page view of the overview asks; ~30 ms at a million subscribers (measured), so once per change.
  // Frozen: the same objects serve every caller until the next change. Read on this thread by the
  // insights' synchronous queries (lib/queries/insights.ts), from the tallies.
  return remember(db, "categoryStats", EVERY_CATEGORY, async () => countCategoryStats(db).map((s) => Object.freeze(s)));
}

function countCategoryStats(db: ReturnType<typeof sqlite>): CategoryStats[] {
  const f = resolveFilters(insightsParamsSchema.parse({ range: "all" }));
  const [counts] = querySubscriberCategories(db, [f.current], f);
  const byCode = new Map(counts.map((c) => [c.category, c]));
  const ticks = queryDoneTicks(db, f.current, f);

  return CATEGORIES.map((c) => {
    const s = byCode.get(c.code);
    const active = (s?.open ?? 0) + (s?.in_progress ?? 0);
    const tasks = categoryTasks(s, c.code, ticks);
    return {
      code: c.code,
      label: c.label,
      group: c.group,
      subscribers: active + (s?.recovered ?? 0) + (s?.unrecoverable ?? 0),
      active,
      recovered: s?.recovered ?? 0,
      unrecoverable: s?.unrecoverable ?? 0,
      openTasks: Math.max(0, tasks.total - tasks.done),
      doneTasks: tasks.done,
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

export async function getOverviewTotals(given?: CategoryStats[]): Promise<OverviewTotals> {
  const stats = given ?? (await getCategoryStats());
  const bounces = (await reader().pluck<number>("SELECT coalesce(sum(n), 0) FROM BounceTally")) ?? 0;
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
