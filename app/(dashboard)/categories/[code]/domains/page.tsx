import type { Metadata } from "next";
import { canEdit } from "@/lib/auth/current-user";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { pageParam, parseSearchParams } from "@/lib/validation/search-params";
import { DomainContactForm } from "./domain-contact-form";
import { Checklist } from "@/components/checklist/checklist";
import { getCategory } from "@/lib/categories";
import { HistoryList } from "@/components/history-list";
import { LinkPager } from "@/components/link-pager";
import { formatNumber } from "@/lib/format";
import { listCategoryDomains, listDomainHistory } from "@/lib/queries/domains";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const { code } = await params;
  return { title: `Domains to contact · ${getCategory(code)?.label ?? "Category"}` };
}

const querySchema = z.object({ page: pageParam });

export default async function CategoryDomainsPage({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { code } = await params;
  const category = getCategory(code);
  if (!category) notFound();
  const { page } = parseSearchParams(querySchema, await searchParams).value;
  const [domains, editable] = await Promise.all([listCategoryDomains(category.code, page), canEdit()]);

  return (
    <>
      <div className="breadcrumbs">
        <Link href={`/categories/${category.code}`}>{category.label}</Link> / Domains to contact
      </div>
      <div className="page-header">
        <div>
          <h1>Domains to contact</h1>
          <p className="subtitle">
            One call to a company&apos;s mail administrator covers all its subscribers in <strong>{category.label}</strong>. {formatNumber(domains.count)}{" "}
            domains, largest first.
          </p>
        </div>
      </div>
      {domains.count === 0 && (
        <div className="card empty-state">
          <h3>No domains in this category</h3>
        </div>
      )}
      <div className="grid" style={{ gap: "0.75rem" }}>
        {domains.data.map((d) => (
          <section key={d.domain} id={d.domain} className="card" aria-labelledby={`domain-${d.domain}`} data-testid="domain-card">
            <div className="page-header" style={{ marginBottom: "0.5rem" }}>
              <div>
                <h2 id={`domain-${d.domain}`} style={{ margin: 0 }}>
                  {d.domain}
                </h2>
                <p className="subtitle">
                  <Link href={`/categories/${category.code}?q=${encodeURIComponent(d.domain)}`}>
                    {formatNumber(d.subscribers)} subscriber{d.subscribers === 1 ? "" : "s"}
                  </Link>{" "}
                  ({formatNumber(d.active)} still being worked) · mail host {d.mailHost ?? "unknown"}
                </p>
              </div>
            </div>
            <div className="grid grid-2">
              <div>
                <h3>Steps for this domain</h3>
                {d.tasks.length ? (
                  <Checklist tasks={d.tasks} readOnly={!editable} />
                ) : (
                  <p className="muted">This category has no domain-wide steps; see each subscriber&apos;s checklist.</p>
                )}
              </div>
              <div>
                <h3>Administrator</h3>
                {editable ? (
                  <DomainContactForm domain={d.domain} contact={d.contact} />
                ) : (
                  <p className="muted">{d.contact?.name ?? "No administrator recorded."}</p>
                )}
                <DomainHistory domain={d.domain} />
              </div>
            </div>
          </section>
        ))}
      </div>
      <LinkPager page={page} count={domains.count} pageSize={domains.pageSize} href={(p) => `?page=${p}`} />
    </>
  );
}

async function DomainHistory({ domain }: { domain: string }) {
  const events = await listDomainHistory(domain, 10);
  if (events.length === 0) return null;
  return (
    <details style={{ marginTop: "0.75rem" }}>
      <summary>History ({events.length})</summary>
      <HistoryList events={events} />
    </details>
  );
}
