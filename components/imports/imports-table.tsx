import Link from "next/link";
import { formatDateTime, formatNumber, STATUS_LABELS } from "@/lib/format";
import type { ImportSummary } from "@/lib/queries/imports";
import { SimpleTable } from "@/components/data-table/simple-table";

/** `compact`: for a third of the page (the overview): the status beside the file name, no format or dates. */
export function ImportsTable({ imports, compact = false }: { imports: ImportSummary[]; compact?: boolean }) {
  if (imports.length === 0) return <p className="muted">No imports yet.</p>;
  return (
    <SimpleTable
      label="Imports"
      wrapClassName={compact ? "compact" : undefined}
      rows={imports}
      rowKey={(i) => i.id}
      columns={[
        {
          key: "file",
          header: "File",
          cell: (i) => (
            <>
              <Link href={`/imports/${i.id}`}>{i.fileName}</Link>
              {compact && <> {statusBadge(i)}</>}
            </>
          ),
        },
        !compact && { key: "status", header: "Status", cell: statusBadge },
        !compact && { key: "format", header: "Format", cell: (i) => i.format ?? "—" },
        { key: "accepted", header: "Accepted", numeric: true, cell: (i) => formatNumber(i.accepted) },
        !compact && { key: "duplicates", header: "Duplicates", numeric: true, cell: (i) => formatNumber(i.duplicates) },
        { key: "rejected", header: "Rejected", numeric: true, cell: (i) => formatNumber(i.rejected) },
        !compact && { key: "uploaded", header: "Uploaded", cell: (i) => formatDateTime(i.createdAt) },
      ]}
    />
  );
}

const statusBadge = (i: ImportSummary) => <span className={`badge ${i.status}`}>{STATUS_LABELS[i.status]}</span>;
