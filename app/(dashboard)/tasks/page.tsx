import type { Metadata } from "next";
import { canEdit, requirePageUser } from "@/lib/auth/current-user";
import Link from "next/link";
import { TaskDoneButton } from "@/components/checklist/task-done-button";
import { LinkPager } from "@/components/link-pager";
import { CATEGORIES, STEPS, getCategory, stepLabel } from "@/lib/categories";
import { formatNumber, SCOPE_LABELS } from "@/lib/format";
import { countOpenTasksByStep, listOpenTasks, openTaskFilterSchema } from "@/lib/queries/open-tasks";
import { getPlatformName } from "@/lib/queries/settings";
import { parseSearchParams } from "@/lib/validation/search-params";
import { SimpleTable } from "@/components/data-table/simple-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Open tasks" };

export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string" && v !== ""));
  const { value: filter, problems } = parseSearchParams(openTaskFilterSchema, raw);
  const [tasks, byStep, platform, editable, me] = await Promise.all([
    listOpenTasks(filter),
    countOpenTasksByStep(filter),
    getPlatformName(),
    canEdit(),
    requirePageUser(),
  ]);
  const pageHref = (p: number) => `?${new URLSearchParams({ ...(raw as Record<string, string>), page: String(p) })}`;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Open tasks</h1>
          <p className="subtitle">Everything still to do, across categories. Shared steps (domain, campaign) appear once.</p>
        </div>
      </div>
      {problems.length > 0 && <p className="alert warn">Some filters in the link were not valid and were ignored.</p>}
      <form method="get" className="table-toolbar card" aria-label="Filter tasks">
        <label>
          Category{" "}
          <select name="category" defaultValue={filter.category ?? ""}>
            <option value="">All</option>
            {CATEGORIES.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Step{" "}
          <select name="step" defaultValue={filter.step ?? ""}>
            <option value="">All</option>
            {Object.values(STEPS).map((s) => (
              <option key={s.id} value={s.id}>
                {stepLabel(s.id, platform)}
              </option>
            ))}
          </select>
        </label>
        <label>
          For{" "}
          <select name="scope" defaultValue={filter.scope ?? ""}>
            <option value="">Anyone</option>
            <option value="subscriber">Subscribers</option>
            <option value="domain">Domains</option>
            <option value="import">Campaigns</option>
          </select>
        </label>
        <label>
          Assigned to <input type="text" name="assignee" defaultValue={filter.assignee ?? ""} placeholder="name" />
        </label>
        <button className="btn primary" type="submit">
          Filter
        </button>
        <Link href="/tasks" className="btn">
          Clear
        </Link>
        <Link href={`/tasks?${new URLSearchParams({ assignee: me.name })}`} className="btn">
          Assigned to me
        </Link>
      </form>

      <section aria-labelledby="by-step" style={{ marginTop: "1rem" }}>
        <h2 id="by-step">By step</h2>
        {byStep.length === 0 ? (
          <p className="muted">Nothing left to do for this selection.</p>
        ) : (
          <ul className="kpis" style={{ listStyle: "none", padding: 0 }}>
            {byStep.map((s) => (
              <li key={s.step} className="card kpi">
                <div className="value">{formatNumber(s.n)}</div>
                <div className="label">
                  <Link href={`?${new URLSearchParams({ ...(raw as Record<string, string>), step: s.step, page: "1" })}`}>{s.label}</Link> ·{" "}
                  {SCOPE_LABELS[s.scope]}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <h2>Tasks ({formatNumber(tasks.count)})</h2>
      <SimpleTable
        label="Open tasks"
        testId="open-tasks"
        rows={tasks.data}
        rowKey={(t) => t.id}
        columns={[
          { key: "step", header: "Step", cell: (t) => t.label },
          {
            key: "for",
            header: "For",
            cell: (t) => (
              <>
                <span className="scope">{SCOPE_LABELS[t.scope]}</span> <Link href={t.href}>{t.target}</Link>
              </>
            ),
          },
          { key: "category", header: "Category", cell: (t) => <Link href={`/categories/${t.category}`}>{getCategory(t.category)?.label ?? t.category}</Link> },
          { key: "subscribers", header: "Subscribers", numeric: true, cell: (t) => formatNumber(t.subscribers) },
          { key: "assignee", header: "Assigned to", cell: (t) => t.assignee ?? "—" },
          {
            key: "action",
            header: <span className="visually-hidden">Action</span>,
            cell: (t) => editable && <TaskDoneButton id={t.id} label={`${t.label} — ${t.target}`} />,
          },
        ]}
        empty={
          <>
            <h3>No open tasks</h3>
            <p>Either everything is done, or nothing has been imported yet.</p>
          </>
        }
      />
      <LinkPager page={filter.page} count={tasks.count} pageSize={tasks.pageSize} href={pageHref} />
    </>
  );
}
