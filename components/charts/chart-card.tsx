"use client";

import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { formatNumber } from "@/lib/format";
import { TableWrap } from "@/components/table-wrap";

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
  return (
    <table className="data">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {table.columns.map((c, i) => (
            <th key={c + i} scope="col" className={i > 0 ? "num" : undefined}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r, ri) => (
          <tr key={ri}>
            {r.map((v, i) =>
              i === 0 ? (
                <th key={i} scope="row">
                  {links?.[ri] ? (
                    <Link href={links[ri]!} tabIndex={unfocusable ? -1 : undefined}>
                      {v}
                    </Link>
                  ) : (
                    v
                  )}
                </th>
              ) : (
                <td key={i} className="num">
                  {typeof v === "number" ? formatNumber(v) : v}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
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
