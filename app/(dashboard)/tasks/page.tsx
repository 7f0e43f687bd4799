import type { Metadata } from "next";
import { canEdit, requirePageUser } from "@/lib/auth/current-user";
import Link from "next/link";
import { TaskDoneButton } from "@/components/checklist/task-done-button";
import { LinkPager } from "@/components/link-pager";
import { CATEGORIES, STEPS, getCategory, stepLabel } from "@/lib/categories";
import { formatNumber, SCOPE_LABELS } from "@/lib/format";
import { countOpenTasksByStep, listOpenTasks, openTaskFilterSchema } from "@/lib/queries/open-tasks";
import { getPlatformName } from "@/lib/queries/settings";
import { TableWrap } from "@/components/table-wrap";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Open tasks" };

export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string" && v !== ""));
  const parsed = openTaskFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : openTaskFilterSchema.parse({});
  const [tasks, byStep, platform, editable, me] = await Promise.all([listOpenTasks(filter), countOpenTasksByStep(filter), getPlatformName(), canEdit(), requirePageUser()]);
  const pageHref = (p: number) => `?${new URLSearchParams({ ...(raw as Record<string, string>), page: String(p) })}`;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Open tasks</h1>
          <p className="subtitle">Everything still to do, across categories. Shared steps (domain, campaign) appear once.</p>
        </div>
      </div>
      {!parsed.success && <p className="alert warn">Some filters in the link were not valid and were ignored.</p>}
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
                  <Link href={`?${new URLSearchParams({ ...(raw as Record<string, string>), step: s.step, page: "1" })}`}>{s.label}</Link> · {SCOPE_LABELS[s.scope]}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <h2>Tasks ({formatNumber(tasks.count)})</h2>
      <TableWrap label="Open tasks">
        <table className="data" data-testid="open-tasks">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">For</th>
              <th scope="col">Category</th>
              <th scope="col" className="num">Subscribers</th>
              <th scope="col">Assigned to</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tasks.data.map((t) => (
              <tr key={t.id}>
                <td>{t.label}</td>
                <td>
                  <span className="scope">{SCOPE_LABELS[t.scope]}</span> <Link href={t.href}>{t.target}</Link>
                </td>
                <td>
                  <Link href={`/categories/${t.category}`}>{getCategory(t.category)?.label ?? t.category}</Link>
                </td>
                <td className="num">{formatNumber(t.subscribers)}</td>
                <td>{t.assignee ?? "—"}</td>
                <td>
                  {editable && <TaskDoneButton id={t.id} label={`${t.label} — ${t.target}`} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {tasks.count === 0 && (
          <div className="empty-state">
            <h3>No open tasks</h3>
            <p>Either everything is done, or nothing has been imported yet.</p>
          </div>
        )}
      </TableWrap>
      <LinkPager page={filter.page} count={tasks.count} pageSize={tasks.pageSize} href={pageHref} />
    </>
  );
}
