"use client";

import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { formatNumber } from "@/lib/format";
import { TableWrap } from "@/components/table-wrap";
import { SimpleTableMarkup, type SimpleColumn } from "@/components/data-table/simple-table";

export interface TableData {
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart with its accessible twin: a toggle shows the same numbers as a table, and the CSV link
 * downloads them. The chart itself is hidden from screen readers, which get the table.
 */
export function ChartCard({
  id,
  title,
  description,
  table,
  links,
  csvHref,
  empty,
  emptyText = "Nothing to show for these filters.",
  controls,
  legend,
  wide,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  table: TableData;
  /** Per table row, where its label links (the keyboard's way to do what clicking a bar does). */
  links?: (string | null)[];
  csvHref: string;
  empty: boolean;
  emptyText?: ReactNode;
  controls?: ReactNode;
  legend?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  return (
    <section className={`card insights-card${wide ? " wide" : ""}`} aria-labelledby={headingId} data-testid={`chart-${id}`}>
      <div className="insights-card-head">
        <div>
          <h3 id={headingId}>{title}</h3>
          {description && <p className="muted insights-desc">{description}</p>}
        </div>
        <div className="insights-card-actions">
          {controls}
          <button type="button" className="btn small" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)} disabled={empty}>
            {asTable ? "View as chart" : "View as table"}
          </button>
          <a className="btn small" href={csvHref} download aria-label={`Download CSV: ${title}`}>
            CSV
          </a>
        </div>
      </div>
      {empty ? (
        <div className="insights-empty">{emptyText}</div>
      ) : asTable ? (
        <TableWrap label={`${title}, as a table`} className="insights-table">
          <DataTableView caption={title} table={table} links={links} />
        </TableWrap>
      ) : (
        <>
          {legend}
          <div aria-hidden="true">{children}</div>
          {/* For screen readers: not a scrolling box, and its links out of the tab order (a screen reader
              still follows them), so the keyboard never lands where nobody sees it. */}
          <div className="visually-hidden">
            <DataTableView caption={title} table={table} links={links} unfocusable />
          </div>
        </>
      )}
    </section>
  );
}

function DataTableView({ caption, table, links, unfocusable }: { caption: string; table: TableData; links?: (string | null)[]; unfocusable?: boolean }) {
  // The first column names the row (and links where the chart's bar does); the others are numbers.
  const columns: SimpleColumn<(string | number)[]>[] = table.columns.map((c, i) =>
    i === 0
      ? {
          key: `${i}-${c}`,
          header: c,
          rowHeader: true,
          cell: (r, ri) => {
            const href = links?.[ri];
            return href ? (
              <Link href={href} tabIndex={unfocusable ? -1 : undefined}>
                {r[0]}
              </Link>
            ) : (
              r[0]
            );
          },
        }
      : { key: `${i}-${c}`, header: c, numeric: true, cell: (r) => (typeof r[i] === "number" ? formatNumber(r[i]) : r[i]) },
  );
  // Rows are a chart's points, in order, without ids of their own.
  return <SimpleTableMarkup caption={caption} columns={columns} rows={table.rows} rowKey={(_, ri) => String(ri)} />;
}

/** A colour key that stays readable (text, not only colour) and doubles as the series order. */
export function Legend({ items }: { items: { key: string; label: string; colour: string }[] }) {
  return (
    <ul className="insights-legend">
      {items.map((i) => (
        <li key={i.key}>
          <span className="swatch" style={{ background: i.colour }} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
