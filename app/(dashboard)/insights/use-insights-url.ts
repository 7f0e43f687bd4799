"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { insightsQuery, type InsightsParams } from "@/lib/insights/filters";

/** Filters live in the URL (shareable, back button works); a change navigates to the new query. */
export function useInsightsUrl(params: InsightsParams) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const update = (patch: Partial<InsightsParams>) =>
    startTransition(() => router.push(`/insights${insightsQuery({ ...params, ...patch })}`, { scroll: false }));
  return { update, pending };
}

/** Where a chart's CSV comes from: same filters, one chart. */
export function csvHref(chart: string, params: InsightsParams): string {
  return `/api/insights/${chart}${insightsQuery(params)}`;
}

/** The filters a category page can carry over (it lists subscribers of the category). */
export function categoryHref(code: string, params: InsightsParams, extra: Record<string, string> = {}): string {
  // The range always goes in: the insights default to 90 days, a category page to all time.
  return `/categories/${code}${insightsQuery({ range: params.range, from: params.from, to: params.to, imports: params.imports }, { range: params.range, ...extra })}`;
}
