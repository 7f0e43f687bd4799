"use client";

import { CategoryDistributionChart } from "./category-distribution-chart";
import { DomainsChart } from "./domains-chart";
import { ImportComparisonChart } from "./import-comparison-chart";
import { RecoveryChart } from "./recovery-chart";
import { TimelineChart } from "./timeline-chart";
import type { Insights } from "@/lib/insights/types";

/** The charts, laid out two by two on a laptop and wider on a big monitor; time gets the full width. */
export function InsightsBoard({ data }: { data: Insights }) {
  return (
    <div className="insights-grid">
      <TimelineChart data={data} />
      <CategoryDistributionChart data={data} />
      <RecoveryChart data={data} />
      <DomainsChart data={data} />
      <ImportComparisonChart data={data} />
    </div>
  );
}
