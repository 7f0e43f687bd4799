import type { Metadata } from "next";
import { z } from "zod";
import { pageParam, parseSearchParams } from "@/lib/validation/search-params";
import { LinkPager } from "@/components/link-pager";
import { canEdit } from "@/lib/auth/current-user";
import { CATEGORIES } from "@/lib/categories";
import { listCorrections } from "@/lib/queries/corrections";
import { CorrectionList } from "./correction-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Corrections" };

const querySchema = z.object({ page: pageParam });
const LABELS = Object.fromEntries(CATEGORIES.map((c) => [c.code, c.label]));

/** The team's corrections: what each says, how far it reaches, who made it; apply or undo. */
export default async function CorrectionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { page } = parseSearchParams(querySchema, await searchParams).value;
  const corrections = await listCorrections({ page, pageSize: 50 });
  const editable = await canEdit();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Corrections</h1>
          <p className="subtitle">Where the team said a bounce is really another category. A correction beats the export&apos;s category and every rule.</p>
        </div>
        {editable && corrections.count > 0 && (
          <a className="btn" href="/api/corrections/export?bom=1">
            Export CSV
          </a>
        )}
      </div>
      <CorrectionList corrections={corrections.data} labels={LABELS} editable={editable} />
      <LinkPager page={page} count={corrections.count} pageSize={corrections.pageSize} href={(p) => `?page=${p}`} />
    </>
  );
}
