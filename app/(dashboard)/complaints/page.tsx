import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { LinkPager } from "@/components/link-pager";
import { SimpleTable } from "@/components/data-table/simple-table";
import { formatDateTime, formatNumber } from "@/lib/format";
import { listComplaints, type ComplaintView } from "@/lib/queries/complaints";
import { pageParam, parseSearchParams } from "@/lib/validation/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Complaints" };

const querySchema = z.object({
  import: z.string().trim().max(100).optional(),
  email: z.string().trim().max(320).optional(),
  page: pageParam,
});
const PAGE_SIZE = 50;

/** Where a complaint came from: an upload's file and message, or a webhook source. */
function source(c: ComplaintView) {
  if (c.importId) {
    return (
      <>
        <Link href={`/imports/${c.importId}`}>{c.importName ?? c.importId}</Link>
        {c.sourceFile ? ` › ${c.sourceFile}` : ""}
        {c.messageNo !== null ? `, message ${formatNumber(c.messageNo)}` : ""}
      </>
    );
  }
  return c.sourceName ? `Webhook: ${c.sourceName}` : "Webhook";
}

export default async function ComplaintsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { import: importId, email, page } = parseSearchParams(querySchema, await searchParams).value;
  const complaints = await listComplaints({ importId, email, page, pageSize: PAGE_SIZE });
  const filter = { ...(importId ? { import: importId } : {}), ...(email ? { email } : {}) };
  const href = (p: number) => `?${new URLSearchParams({ ...filter, page: String(p) })}`;
  const scope = importId ? (complaints.data[0]?.importName ?? "this import") : email;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Complaints</h1>
          <p className="subtitle">
            Recipients who marked a message as spam (feedback-loop reports in uploaded bounce emails, complaint events from webhooks). They are not bounces: the
            address works, the person does not want the mail.
          </p>
        </div>
      </div>
      {scope && (
        <p data-testid="complaints-scope">
          {formatNumber(complaints.count)} complaint{complaints.count === 1 ? "" : "s"} from {scope}. <Link href="/complaints">Show every complaint</Link>
        </p>
      )}
      {complaints.count === 0 ? (
        <div className="card empty-state">
          <h3>No complaints{scope ? " here" : " yet"}</h3>
          <p>Feedback-loop (ARF) reports in an uploaded mailbox and spam complaints posted by a connected platform appear here.</p>
        </div>
      ) : (
        <SimpleTable
          label="Complaints"
          testId="complaints"
          rows={complaints.data}
          rowKey={(c) => String(c.id)}
          columns={[
            {
              key: "email",
              header: "Address",
              cell: (c) => (c.subscriberId !== null ? <Link href={`/subscribers/${c.subscriberId}`}>{c.email}</Link> : c.email),
            },
            { key: "type", header: "Feedback type", cell: (c) => c.feedbackType },
            { key: "reporter", header: "Reported by", cell: (c) => c.reporter ?? "—" },
            { key: "at", header: "Arrived", cell: (c) => formatDateTime(c.occurredAt) },
            { key: "subject", header: "Message", cell: (c) => c.subject ?? "—" },
            { key: "source", header: "Source", cell: source },
          ]}
        />
      )}
      <LinkPager page={page} count={complaints.count} pageSize={complaints.pageSize} href={href} labels={["← Newer", "Older →"]} />
    </>
  );
}
