import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { eventVerb, subjectHref } from "@/lib/event-words";
import { LinkPager } from "@/components/link-pager";
import { formatDateTime } from "@/lib/format";
import { listEvents } from "@/lib/queries/events";
import { pageParam, parseSearchParams } from "@/lib/validation/search-params";
import { SimpleTable } from "@/components/data-table/simple-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Activity" };

const querySchema = z.object({
  q: z.string().trim().max(200).optional(),
  page: pageParam,
});

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { q, page } = parseSearchParams(querySchema, await searchParams).value;
  const events = await listEvents({ q, page, pageSize: 50 });
  const href = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Activity</h1>
          <p className="subtitle">Who did what, and when.</p>
        </div>
      </div>
      <form method="get" role="search" className="table-toolbar">
        <label htmlFor="activity-q" className="visually-hidden">
          Search the activity
        </label>
        <input id="activity-q" type="search" name="q" defaultValue={q ?? ""} placeholder="Search a name, address, step…" />
        <button className="btn" type="submit">
          Search
        </button>
      </form>
      {events.count === 0 ? (
        <div className="card empty-state">
          <h3>{q ? "Nothing matches this search" : "No activity yet"}</h3>
          <p>Ticks, status changes, notes and edits appear here.</p>
        </div>
      ) : (
        <SimpleTable
          label="Activity"
          testId="activity"
          rows={events.data}
          rowKey={(e) => String(e.id)}
          columns={[
            { key: "when", header: "When", cell: (e) => formatDateTime(e.at) },
            { key: "who", header: "Who", cell: (e) => e.actor },
            {
              key: "what",
              header: "What",
              cell: (e) => (
                <>
                  {eventVerb(e.action)} {e.detail}
                </>
              ),
            },
            {
              key: "on",
              header: "On",
              cell: (e) => {
                const link = subjectHref(e.subjectType, e.subjectId);
                return (
                  <>
                    {e.subjectType}: {link ? <Link href={link}>{e.subjectLabel}</Link> : e.subjectLabel}
                  </>
                );
              },
            },
          ]}
        />
      )}
      <LinkPager page={page} count={events.count} pageSize={events.pageSize} href={href} labels={["← Newer", "Older →"]} />
    </>
  );
}
