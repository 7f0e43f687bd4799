import "server-only";
import { z } from "zod";
import { CATEGORIES, CATEGORY_CODES, STEPS, stepLabel, type StepId, type StepScope } from "../categories";
import { reader } from "../db/reader";
import { encodeTaskId } from "../tasks/checklist";
import { getPlatformName } from "./settings";

export const openTaskFilterSchema = z.object({
  category: z.enum(CATEGORY_CODES).optional(),
  step: z.enum(Object.keys(STEPS) as [StepId, ...StepId[]]).optional(),
  scope: z.enum(["subscriber", "domain", "import"]).optional(),
  assignee: z.string().trim().max(80).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type OpenTaskFilter = z.infer<typeof openTaskFilterSchema>;

export interface OpenTask {
  id: string;
  step: StepId;
  label: string;
  scope: StepScope;
  category: string;
  /** subscriber email | domain | import file name */
  target: string;
  /** Where to go to do it. */
  href: string;
  subscribers: number;
  assignee: string | null;
}

// The catalogue as a SQL table, so open tasks can be computed by joins instead of in JavaScript.
const STEP_ROWS = CATEGORIES.flatMap((c) => c.steps.map((s) => `('${c.code}', '${s}', '${STEPS[s].scope}')`)).join(", ");
const STEPS_CTE = `steps(category, step, scope) AS (VALUES ${STEP_ROWS})`;

/**
 * Every task still to do among subscribers being worked on (open or in progress): one row per
 * subscriber step, per domain step (domain + category) and per campaign step (import + category).
 */
function openTasksSql(f: OpenTaskFilter) {
  const where: string[] = ["s.status IN ('open','in_progress')"];
  const params: string[] = [];
  if (f.category) where.push("s.category = ?"), params.push(f.category);
  if (f.assignee) where.push("s.assignee = ?"), params.push(f.assignee);
  const stepWhere: string[] = [];
  const stepParams: string[] = [];
  if (f.step) stepWhere.push("st.step = ?"), stepParams.push(f.step);
  if (f.scope) stepWhere.push("st.scope = ?"), stepParams.push(f.scope);
  // Assignees belong to subscribers, so an assignee filter keeps only subscriber tasks.
  if (f.assignee) stepWhere.push("st.scope = 'subscriber'");
  const stepFilter = stepWhere.length ? `AND ${stepWhere.join(" AND ")}` : "";
  const subs = where.join(" AND ");
  const sql = `WITH ${STEPS_CTE}
    SELECT st.step, st.scope, s.category, CAST(s.id AS TEXT) AS target, s.email AS display, 1 AS subscribers, s.assignee
      FROM Subscriber s JOIN steps st ON st.category = s.category AND st.scope = 'subscriber' ${stepFilter}
      WHERE ${subs} AND NOT EXISTS (SELECT 1 FROM TaskState t WHERE t.done = 1 AND t.scope = 'subscriber' AND t.category = s.category AND t.step = st.step AND t.target = CAST(s.id AS TEXT))
    UNION ALL
    SELECT st.step, st.scope, s.category, s.domain, s.domain, count(*), NULL
      FROM Subscriber s JOIN steps st ON st.category = s.category AND st.scope = 'domain' ${stepFilter}
      WHERE ${subs} AND NOT EXISTS (SELECT 1 FROM TaskState t WHERE t.done = 1 AND t.scope = 'domain' AND t.category = s.category AND t.step = st.step AND t.target = s.domain)
      GROUP BY st.step, s.category, s.domain
    UNION ALL
    SELECT st.step, st.scope, s.category, s.lastImportId, coalesce(i.fileName, s.lastImportId), count(*), NULL
      FROM Subscriber s JOIN steps st ON st.category = s.category AND st.scope = 'import' ${stepFilter}
      LEFT JOIN Import i ON i.id = s.lastImportId
      WHERE ${subs} AND NOT EXISTS (SELECT 1 FROM TaskState t WHERE t.done = 1 AND t.scope = 'import' AND t.category = s.category AND t.step = st.step AND t.target = s.lastImportId)
      GROUP BY st.step, s.category, s.lastImportId`;
  const all = [...stepParams, ...params];
  return { sql, params: [...all, ...all, ...all] };
}

export async function listOpenTasks(f: OpenTaskFilter) {
  const q = openTasksSql(f);
  const [platform, count, rows] = await Promise.all([
    getPlatformName(),
    reader().pluck<number>(`SELECT count(*) FROM (${q.sql})`, q.params),
    reader().all<{
      step: StepId;
      scope: StepScope;
      category: string;
      target: string;
      display: string;
      subscribers: number;
      assignee: string | null;
    }>(`SELECT * FROM (${q.sql}) ORDER BY subscribers DESC, category, step, display LIMIT ? OFFSET ?`, [...q.params, f.pageSize, (f.page - 1) * f.pageSize]),
  ]);
  const data: OpenTask[] = rows.map((r) => ({
    id: encodeTaskId({ scope: r.scope, target: r.target, category: r.category as never, step: r.step }),
    step: r.step,
    label: stepLabel(r.step, platform),
    scope: r.scope,
    category: r.category,
    target: r.display,
    href:
      r.scope === "subscriber"
        ? `/subscribers/${r.target}`
        : r.scope === "domain"
          ? `/categories/${r.category}/domains#${encodeURIComponent(r.target)}`
          : `/imports/${r.target}`,
    subscribers: r.subscribers,
    assignee: r.assignee,
  }));
  return { data, count: count ?? 0, page: f.page, pageSize: f.pageSize };
}

/** Open tasks per step, for the summary above the list (same filters but the step). */
export async function countOpenTasksByStep(f: Omit<OpenTaskFilter, "page" | "pageSize" | "step">) {
  const q = openTasksSql({ ...f, page: 1, pageSize: 1 });
  const platform = await getPlatformName();
  const rows = await reader().all<{ step: StepId; scope: StepScope; n: number }>(
    `SELECT step, scope, count(*) AS n FROM (${q.sql}) GROUP BY step, scope ORDER BY n DESC`,
    q.params,
  );
  return rows.map((r) => ({ ...r, label: stepLabel(r.step, platform) }));
}
