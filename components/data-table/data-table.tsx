"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState, type SortingState } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { formatNumber } from "@/lib/format";
import { TableWrap } from "@/components/table-wrap";

export interface ServerPage<T> {
  data: T[];
  count: number;
  page: number;
  pageSize: number;
}

/**
 * A table whose paging and sorting happen on the server: it renders one page and reports what the
 * user asked for. `sort` is "field" or "-field" (descending), as in the API.
 */
export function DataTable<T>({
  columns,
  page,
  sort,
  onSortChange,
  onPageChange,
  empty,
  caption,
  busy,
  getRowId,
  selection,
  onSelectionChange,
  rowLabel,
}: {
  columns: ColumnDef<T, unknown>[];
  page: ServerPage<T>;
  sort: string;
  onSortChange: (sort: string) => void;
  onPageChange: (page: number) => void;
  empty: ReactNode;
  caption: string;
  busy?: boolean;
  getRowId: (row: T) => string;
  /** With these two, a first column of checkboxes selects rows of the page (ids from getRowId). */
  selection?: RowSelectionState;
  onSelectionChange?: (next: RowSelectionState) => void;
  /** Names a row for screen readers ("Select <label>"). */
  rowLabel?: (row: T) => string;
}) {
  const sorting: SortingState = [{ id: sort.replace(/^-/, ""), desc: sort.startsWith("-") }];
  const selectable = Boolean(selection && onSelectionChange);
  const table = useReactTable({
    data: page.data,
    columns: selectable ? [selectColumn<T>(rowLabel), ...columns] : columns,
    getRowId,
    enableRowSelection: selectable,
    onRowSelectionChange: (updater) => onSelectionChange?.(typeof updater === "function" ? updater(selection ?? {}) : updater),
    state: { sorting, rowSelection: selection ?? {} },
    manualSorting: true,
    manualPagination: true,
    pageCount: Math.max(1, Math.ceil(page.count / page.pageSize)),
    getCoreRowModel: getCoreRowModel(),
  });
  const pages = Math.max(1, Math.ceil(page.count / page.pageSize));
  const first = page.count === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.count, page.page * page.pageSize);

  return (
    <div aria-busy={busy}>
      <TableWrap label={caption}>
        <table className="data">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  // Columns render cells themselves (no accessor), so sortability is opt-out, decided by the server's sort keys.
                  const canSort = header.column.columnDef.enableSorting !== false && header.column.id !== SELECT_ID;
                  const current = sorting[0]?.id === header.column.id ? (sorting[0].desc ? "descending" : "ascending") : "none";
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={canSort ? current : undefined}
                      className={(header.column.columnDef.meta as { className?: string } | undefined)?.className}
                    >
                      {canSort ? (
                        <button type="button" onClick={() => onSortChange(current === "ascending" ? `-${header.column.id}` : header.column.id)}>
                          {label}
                          <span aria-hidden="true">{current === "ascending" ? "▲" : current === "descending" ? "▼" : "↕"}</span>
                        </button>
                      ) : (
                        label
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={(cell.column.columnDef.meta as { className?: string } | undefined)?.className}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {page.count === 0 && <div className="empty-state">{empty}</div>}
      </TableWrap>
      <nav className="pager" aria-label="Pages">
        <span aria-live="polite">
          {formatNumber(first)}–{formatNumber(last)} of {formatNumber(page.count)}
        </span>
        <button type="button" className="btn" disabled={page.page <= 1} onClick={() => onPageChange(page.page - 1)}>
          ← Previous
        </button>
        <span>
          Page {page.page} of {formatNumber(pages)}
        </span>
        <button type="button" className="btn" disabled={page.page >= pages} onClick={() => onPageChange(page.page + 1)}>
          Next →
        </button>
      </nav>
    </div>
  );
}

const SELECT_ID = "select";

function selectColumn<T>(rowLabel?: (row: T) => string): ColumnDef<T, unknown> {
  return {
    id: SELECT_ID,
    enableSorting: false,
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="Select all rows on this page"
        checked={table.getIsAllPageRowsSelected()}
        ref={(el) => {
          if (el) el.indeterminate = table.getIsSomePageRowsSelected();
        }}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={`Select ${rowLabel ? rowLabel(row.original) : `row ${row.id}`}`}
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  };
}
