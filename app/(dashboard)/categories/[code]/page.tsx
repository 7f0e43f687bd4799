import type { Metadata } from "next";
import { canEdit } from "@/lib/auth/current-user";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SubscriberTable } from "./subscriber-table";
import { Checklist } from "@/components/checklist/checklist";
import { GROUPS, STEPS, getCategory } from "@/lib/categories";
import { listCategoryImportTasks } from "@/lib/queries/domains";
import { formatNumber, SCOPE_LABELS } from "@/lib/format";
import { getChecklistProgress } from "@/lib/queries/checklist-progress";
import { countCorrected, countDeliveringAgain, countDisputed, listSubscribers, parseSubscriberFilter } from "@/lib/queries/subscribers";
import { describeListPeriod, listPeriodQuery } from "@/lib/insights/list-period";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const { code } = await params;
  return { title: getCategory(code)?.label ?? "Category" };
}

export default async function CategoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { code } = await params;
  const category = getCategory(code);
  if (!category) notFound();
  const filter = { ...parseSubscriberFilter(await searchParams), category: category.code, pageSize: 50 };
  const [page, progress, disputed, corrected, delivering, campaigns] = await Promise.all([
    listSubscribers(filter),
    getChecklistProgress(category.code),
    countDisputed(category.code),
    countCorrected(category.code),
    countDeliveringAgain(category.code),
    listCategoryImportTasks(category.code),
  ]);
  const editable = await canEdit();
  const hasDomainSteps = category.steps.some((s) => STEPS[s].scope === "domain");
  const group = GROUPS.find((g) => g.id === category.group)!;
  const period = listPeriodQuery(filter);
  const narrowed = describeListPeriod(filter);
  const exportQuery = new URLSearchParams({
    category: category.code,
    ...(filter.q ? { q: filter.q } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.disputed ? { disputed: "1" } : {}),
    ...(filter.corrected ? { corrected: "1" } : {}),
    ...(filter.delivering ? { delivering: "1" } : {}),
    ...period,
  });

  return (
    <>
      <div className="breadcrumbs">
        <Link href="/categories">Categories</Link> / {group.label}
      </div>
      <div className="page-header">
        <div>
          <h1>{category.label}</h1>
          <p className="subtitle">
            <code>{category.code}</code> · {group.label}
          </p>
        </div>
      </div>
      <div className="grid grid-2">
        <section className="card" aria-labelledby="why">
          <h3 id="why">Why this happens</h3>
          <p>{category.explanation}</p>
          <h3 style={{ marginTop: "1rem" }}>What to do</h3>
          <p>{category.actions}</p>
        </section>
        <section className="card" aria-labelledby="checklist-progress">
          <h3 id="checklist-progress">Checklist progress</h3>
          <ol className="checklist">
            {progress.map((p) => (
              <li key={p.step}>
                <div style={{ flex: 1 }}>
                  <div className="step-label">
                    {p.label}
                    <span className="scope">{SCOPE_LABELS[p.scope]}</span>
                  </div>
                  <div className="progress" role="progressbar" aria-label={p.label} aria-valuemin={0} aria-valuemax={p.total} aria-valuenow={p.done}>
                    <div style={{ width: `${p.total ? (p.done / p.total) * 100 : 0}%`, background: "var(--ok)" }} />
                  </div>
                  <div className="step-meta">
                    {formatNumber(p.done)} of {formatNumber(p.total)} {p.scope === "subscriber" ? "subscribers" : p.scope === "domain" ? "domains" : "imports"}{" "}
                    done
                  </div>
                </div>
              </li>
            ))}
          </ol>
          {hasDomainSteps && (
            <p>
              <Link href={`/categories/${category.code}/domains`} className="btn">
                Domains to contact →
              </Link>
            </p>
          )}
        </section>
      </div>
      {campaigns.length > 0 && (
        <section className="card" style={{ marginTop: "1rem" }} aria-labelledby="campaign-steps">
          <h3 id="campaign-steps">Campaign steps (once per import)</h3>
          {campaigns.map((c) => (
            <div key={c.id} style={{ marginBottom: "0.75rem" }}>
              <p style={{ margin: 0 }}>
                <Link href={`/imports/${c.id}`}>{c.fileName}</Link>{" "}
                <span className="muted">· {formatNumber(c.subscribers)} subscribers still being worked</span>
              </p>
              <Checklist tasks={c.tasks} readOnly={!editable} />
            </div>
          ))}
        </section>
      )}
      <h2>Subscribers ({formatNumber(page.count)})</h2>
      {narrowed && (
        <p className="alert info" role="status">
          Showing subscribers whose latest bounce is in: <strong>{narrowed}</strong> (from the insights).{" "}
          <Link href={`/categories/${category.code}`}>Show all subscribers of this category</Link>
        </p>
      )}
      <SubscriberTable
        page={page}
        sort={filter.sort}
        q={filter.q ?? ""}
        status={filter.status ?? ""}
        disputed={Boolean(filter.disputed)}
        disputedCount={disputed}
        corrected={Boolean(filter.corrected)}
        correctedCount={corrected}
        delivering={Boolean(filter.delivering)}
        deliveringCount={delivering}
        exportHref={`/api/subscribers/export?${exportQuery}`}
        period={period}
        category={category.code}
        steps={progress.map((p) => ({ id: p.step, label: p.label }))}
        editable={editable}
      />
    </>
  );
}
