import Link from "next/link";
import { formatDateTime, formatNumber, STATUS_LABELS } from "@/lib/format";
import type { ImportSummary } from "@/lib/queries/imports";
import { TableWrap } from "@/components/table-wrap";

/** `compact`: for a third of the page (the overview): the status beside the file name, no format or dates. */
export function ImportsTable({ imports, compact = false }: { imports: ImportSummary[]; compact?: boolean }) {
  if (imports.length === 0) return <p className="muted">No imports yet.</p>;
  return (
    <TableWrap label="Imports" className={compact ? "compact" : undefined}>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">File</th>
            {!compact && <th scope="col">Status</th>}
            {!compact && <th scope="col">Format</th>}
            <th scope="col" className="num">Accepted</th>
            {!compact && <th scope="col" className="num">Duplicates</th>}
            <th scope="col" className="num">Rejected</th>
            {!compact && <th scope="col">Uploaded</th>}
          </tr>
        </thead>
        <tbody>
          {imports.map((i) => {
            const status = <span className={`badge ${i.status}`}>{STATUS_LABELS[i.status]}</span>;
            return (
              <tr key={i.id}>
                <td>
                  <Link href={`/imports/${i.id}`}>{i.fileName}</Link>
                  {compact && <> {status}</>}
                </td>
                {!compact && <td>{status}</td>}
                {!compact && <td>{i.format ?? "—"}</td>}
                <td className="num">{formatNumber(i.accepted)}</td>
                {!compact && <td className="num">{formatNumber(i.duplicates)}</td>}
                <td className="num">{formatNumber(i.rejected)}</td>
                {!compact && <td>{formatDateTime(i.createdAt)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
