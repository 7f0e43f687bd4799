import type { Metadata } from "next";
import Link from "next/link";
import { insightsQuery, parseInsightsParams } from "@/lib/insights/filters";
import { getInsights } from "@/lib/queries/insights";
import { InsightsBoard } from "./insights-board";
import { FilterBar } from "./filter-bar";
import { KpiCards } from "./kpi-cards";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Insights" };

export default async function InsightsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = parseInsightsParams(await searchParams);
  const data = await getInsights(params);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Insights</h1>
          <p className="subtitle">Where bounces come from, which campaigns and domains hurt most, and how recovery is going.</p>
        </div>
        <Link href="/imports" className="btn">
          Upload a bounce export
        </Link>
      </div>
      <FilterBar params={params} imports={data.importOptions} />
      {data.kpis.bounces.current === 0 && (
        <div className="alert info" role="status">
          {data.importOptions.length === 0 ? (
            <>
              No bounces yet. <Link href="/imports">Upload a bounce export</Link> and the charts fill in.
            </>
          ) : params.range === "all" ? (
            <>No bounces match these filters.</>
          ) : (
            <>
              No bounces in this period.{" "}
              <Link href={`/insights${insightsQuery({ ...params, range: "all", from: undefined, to: undefined })}`}>Show all time</Link>
            </>
          )}
        </div>
      )}
      <KpiCards data={data} />
      <InsightsBoard data={data} />
    </>
  );
}
