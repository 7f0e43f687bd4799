import type { CSSProperties, ReactNode } from "react";
import { TableWrap } from "@/components/table-wrap";

/**
 * One column of a SimpleTable. `numeric` right-aligns header and cells (the `num` class);
 * `rowHeader` renders the cell as `<th scope="row">` (the column that names the row).
 */
export interface SimpleColumn<T> {
  key: string;
  header: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  numeric?: boolean;
  rowHeader?: boolean;
  style?: CSSProperties;
  /** Extra attributes for each body cell (e.g. a data-testid). */
  cellProps?: Record<string, string>;
}

/**
 * The table for lists rendered whole (no server paging or sorting; that is DataTable): the same
 * markup as DataTable (`table.data`, `th scope="col"`, `num` columns, empty state inside the box),
 * and it renders on the server as well as in client components (no hooks of its own).
 */
export function SimpleTable<T>({
  columns,
  rows,
  rowKey,
  label,
  caption,
  empty,
  testId,
  wrapClassName,
}: {
  columns: (SimpleColumn<T> | false | null | undefined)[];
  rows: T[];
  /** The row's id; the index only for rows that have none (a file's preview). */
  rowKey: (row: T, index: number) => string;
  /** Names the scrolling box for the keyboard. */
  label: string;
  /** A visually hidden caption, for tables that are not introduced by a heading of their own. */
  caption?: string;
  /** Shown under the header when there are no rows. */
  empty?: ReactNode;
  testId?: string;
  wrapClassName?: string;
}) {
  const shown = columns.filter((c): c is SimpleColumn<T> => Boolean(c));
  return (
    <TableWrap label={label} className={wrapClassName}>
      <SimpleTableMarkup columns={shown} rows={rows} rowKey={rowKey} caption={caption} testId={testId} />
      {rows.length === 0 && empty ? <div className="empty-state">{empty}</div> : null}
    </TableWrap>
  );
}

/** The bare `<table>`, for a table that must not scroll in its own box (a screen reader's copy of a chart). */
export function SimpleTableMarkup<T>({
  columns,
  rows,
  rowKey,
  caption,
  testId,
}: {
  columns: SimpleColumn<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
  caption?: string;
  testId?: string;
}) {
  return (
    <table className="data" data-testid={testId}>
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={rowKey(row, i)}>
            {columns.map((c) => {
              const Cell = c.rowHeader ? "th" : "td";
              return (
                <Cell key={c.key} scope={c.rowHeader ? "row" : undefined} className={c.numeric ? "num" : undefined} style={c.style} {...c.cellProps}>
                  {c.cell(row, i)}
                </Cell>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
