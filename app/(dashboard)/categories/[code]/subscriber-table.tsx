"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { RowSelectionState } from "@tanstack/react-table";
import { BulkBar, type BulkStep } from "./bulk-bar";
import { DataTable, type ServerPage } from "@/components/data-table/data-table";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { formatDate, formatNumber, STATUS_LABELS } from "@/lib/format";
import type { SubscriberListItem } from "@/lib/queries/subscribers";

const columns: ColumnDef<SubscriberListItem, unknown>[] = [
  {
    id: "email",
    header: "Email",
    cell: ({ row }) => (
      <>
        <Link href={`/subscribers/${row.original.id}`}>{row.original.email}</Link>
        {row.original.name && <div className="muted">{row.original.name}</div>}
      </>
    ),
  },
  { id: "domain", header: "Domain", cell: ({ row }) => row.original.domain },
  {
    id: "ruleCategory",
    header: "Rebound's rules say",
    enableSorting: false,
    cell: ({ row }) => (row.original.ruleCategory === row.original.category ? <span className="muted">same</span> : <code>{row.original.ruleCategory}</code>),
  },
  {
    id: "status",
    header: "Status",
    enableSorting: false,
    cell: ({ row }) => <span className={`badge ${row.original.status}`}>{STATUS_LABELS[row.original.status]}</span>,
  },
  { id: "lastBouncedAt", header: "Last bounce", cell: ({ row }) => formatDate(row.original.lastBouncedAt) },
  { id: "bounceCount", header: "Bounces", meta: { className: "num" }, cell: ({ row }) => formatNumber(row.original.bounceCount) },
];

export function SubscriberTable({
  page,
  sort,
  q,
  status,
  disputed,
  disputedCount,
  corrected,
  correctedCount,
  delivering,
  deliveringCount,
  exportHref,
  period,
  category,
  steps,
  editable,
}: {
  page: ServerPage<SubscriberListItem>;
  sort: string;
  q: string;
  status: string;
  disputed: boolean;
  disputedCount: number;
  /** Only subscribers whose latest bounce a team correction decided. */
  corrected: boolean;
  correctedCount: number;
  delivering: boolean;
  deliveringCount: number;
  exportHref: string;
  /** Period and imports carried over from the insights: part of the filter for "all matching". */
  period: Record<string, string>;
  category: string;
  steps: BulkStep[];
  /** Viewers get the table without selection, bulk actions or export. */
  editable: boolean;
}) {
  const { update, pending } = useUrlParams();
  const [query, setQuery] = useState(q);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const selectedIds = Object.keys(selection)
    .filter((k) => selection[k])
    .map(Number);
  // A new page, filter or sort is a new set of rows: start the selection afresh.
  // biome-ignore lint/correctness/useExhaustiveDependencies: these are the triggers, not inputs of the effect.
  useEffect(() => setSelection({}), [page.page, sort, q, status, disputed, corrected, delivering]);

  // Search as the user types, without a request per keystroke.
  useEffect(() => {
    if (query === q) return;
    const t = setTimeout(() => update({ q: query.trim() || null, page: null }), 300);
    return () => clearTimeout(t);
  }, [query, q, update]);

  return (
    <>
      <form className="table-toolbar" role="search" onSubmit={(e) => (e.preventDefault(), update({ q: query.trim() || null, page: null }))}>
        <label className="visually-hidden" htmlFor="subscriber-search">
          Search by email or domain
        </label>
        <input id="subscriber-search" type="search" placeholder="Email or domain starts with…" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label className="visually-hidden" htmlFor="status-filter">
          Status
        </label>
        <select id="status-filter" value={status} onChange={(e) => update({ status: e.target.value || null, page: null })}>
          <option value="">All statuses</option>
          {Object.entries({ open: "Open", in_progress: "In progress", recovered: "Recovered", unrecoverable: "Unrecoverable" }).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        {(disputedCount > 0 || disputed) && (
          <label style={{ display: "inline-flex", gap: "0.35rem", alignItems: "center" }}>
            <input type="checkbox" checked={disputed} onChange={(e) => update({ disputed: e.target.checked ? "1" : null, page: null })} />
            Only where Rebound&apos;s rules disagree with the export ({formatNumber(disputedCount)})
          </label>
        )}
        {(correctedCount > 0 || corrected) && (
          <label style={{ display: "inline-flex", gap: "0.35rem", alignItems: "center" }}>
            <input type="checkbox" checked={corrected} onChange={(e) => update({ corrected: e.target.checked ? "1" : null, page: null })} />
            Only corrected by the team ({formatNumber(correctedCount)})
          </label>
        )}
        {(deliveringCount > 0 || delivering) && (
          <label style={{ display: "inline-flex", gap: "0.35rem", alignItems: "center" }}>
            <input type="checkbox" checked={delivering} onChange={(e) => update({ delivering: e.target.checked ? "1" : null, page: null })} />
            Only delivering again: delivered after the last bounce ({formatNumber(deliveringCount)})
          </label>
        )}
        <span className="spacer" />
        {pending && (
          <span role="status" className="muted">
            Loading…
          </span>
        )}
        {editable && (
          <a className="btn" href={exportHref}>
            Export CSV
          </a>
        )}
      </form>
      {editable && (
        <BulkBar
          category={category}
          steps={steps}
          selectedIds={selectedIds}
          pageSize={page.pageSize}
          matching={page.count}
          filter={{
            ...(q ? { q } : {}),
            ...(status ? { status } : {}),
            ...(disputed ? { disputed: "1" } : {}),
            ...(corrected ? { corrected: "1" } : {}),
            ...(delivering ? { delivering: "1" } : {}),
            ...period,
          }}
          onDone={() => setSelection({})}
        />
      )}
      <DataTable
        columns={columns}
        selection={editable ? selection : undefined}
        onSelectionChange={editable ? setSelection : undefined}
        rowLabel={(r) => r.email}
        page={page}
        sort={sort}
        busy={pending}
        caption="Subscribers in this category"
        getRowId={(r) => String(r.id)}
        onSortChange={(s) => update({ sort: s, page: null })}
        onPageChange={(p) => update({ page: p > 1 ? p : null })}
        empty={
          q || status || disputed || corrected || delivering ? (
            <p>No subscriber matches these filters.</p>
          ) : (
            <>
              <h3>No subscribers in this category</h3>
              <p>Nobody bounced for this reason in the imports so far.</p>
            </>
          )
        }
      />
    </>
  );
}
