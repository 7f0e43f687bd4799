import type { Metadata } from "next";
import { canEdit } from "@/lib/auth/current-user";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ColumnMappingForm } from "./column-mapping-form";
import { ImportProgress } from "./import-progress";
import { Checklist } from "@/components/checklist/checklist";
import { formatBytes } from "@/lib/format";
import { listImportTasks } from "@/lib/queries/domains";
import { formatDateTime } from "@/lib/format";
import { findEarlierSameContent, getImport, listRejectedRows } from "@/lib/queries/imports";
import { SimpleTable } from "@/components/data-table/simple-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import" };

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const summary = await getImport(id);
  if (!summary) notFound();
  const [rejected, sameContent, campaignSteps, editable] = await Promise.all([
    listRejectedRows(id, 200),
    findEarlierSameContent(id),
    listImportTasks(id),
    canEdit(),
  ]);

  return (
    <>
      <div className="breadcrumbs">
        <Link href="/imports">Imports</Link> / {summary.fileName}
      </div>
      <div className="page-header">
        <div>
          <h1>{summary.fileName}</h1>
          <p className="subtitle">
            {summary.fedBy
              ? `Received from ${summary.fedBy} since ${formatDateTime(summary.createdAt)}`
              : `${summary.size === null ? "Size not known yet" : formatBytes(summary.size)} · uploaded ${formatDateTime(summary.createdAt)}`}
          </p>
        </div>
      </div>
      {sameContent && (
        <p className="alert info">
          This file has the same content as <Link href={`/imports/${sameContent.id}`}>{sameContent.fileName}</Link>, imported{" "}
          {formatDateTime(sameContent.createdAt.toISOString())}: its bounces are counted as duplicates, not added again.
        </p>
      )}
      <ImportProgress key={summary.status} initial={summary} />
      {summary.status === "needs_mapping" && editable && <ColumnMappingForm importId={id} />}

      {campaignSteps.length > 0 && (
        <>
          <h2>Campaign steps</h2>
          <p className="muted">Things to do once for this campaign, per bounce category.</p>
          <div className="grid grid-2">
            {campaignSteps.map((c) => (
              <section key={c.category} className="card" aria-labelledby={`steps-${c.category}`}>
                <h3 id={`steps-${c.category}`}>
                  <Link href={`/categories/${c.category}`}>{c.label}</Link> <span className="muted">· {c.subscribers} subscribers</span>
                </h3>
                <Checklist tasks={c.tasks} readOnly={!editable} />
              </section>
            ))}
          </div>
        </>
      )}

      <h2>Rejected rows</h2>
      {summary.rejected === 0 ? (
        <p className="muted">{summary.status === "done" ? "Every row could be used." : "None so far."}</p>
      ) : (
        <>
          <p>
            {summary.rejected} row{summary.rejected === 1 ? "" : "s"} could not be imported.{" "}
            <a href={`/api/imports/${id}/rejected`} download>
              Download them as CSV
            </a>{" "}
            to fix and upload again.
          </p>
          <SimpleTable
            label="Rejected rows"
            testId="rejected-rows"
            rows={rejected}
            rowKey={(r) => `${r.line}-${r.reason}`}
            columns={[
              { key: "line", header: "Line", numeric: true, cell: (r) => r.line },
              {
                key: "reason",
                header: "Reason",
                cell: (r) => (
                  <>
                    {r.reason}
                    {r.column ? <span className="muted"> (column {r.column})</span> : null}
                  </>
                ),
              },
              { key: "raw", header: "Row as written", cell: (r) => <pre className="diagnostic">{r.raw}</pre> },
            ]}
          />
          {summary.rejected > rejected.length && <p className="muted">Showing the first {rejected.length}; the CSV has them all.</p>}
        </>
      )}
    </>
  );
}
