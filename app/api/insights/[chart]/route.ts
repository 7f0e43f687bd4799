import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { requireApiUser } from "@/lib/auth/current-user";
import { csvHeaders, csvStream } from "@/lib/export/csv";
import { jsonError, guarded } from "@/lib/http";
import { parseInsightsParams } from "@/lib/insights/filters";
import { CHARTS, chartTable, type ChartId } from "@/lib/insights/tables";
import { getInsights } from "@/lib/queries/insights";
import { csvDownloadSchema, parseSearchParams } from "@/lib/validation/search-params";

const chartDownloadSchema = csvDownloadSchema.extend({ format: z.enum(["csv", "json"]).default("csv") });

export const dynamic = "force-dynamic";

/**
 * One chart's numbers, exactly as its "view as table" shows them: CSV by default (cells made safe for
 * spreadsheets, `bom=1` for Excel), or `format=json` → `{ columns, rows }`.
 */
export const GET = guarded(async function GET(request: NextRequest, { params }: { params: Promise<{ chart: string }> }) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  const { chart } = await params;
  if (!(CHARTS as readonly string[]).includes(chart)) return jsonError(404, "not-found", `Unknown chart "${chart}": use ${CHARTS.join(", ")}.`);
  const query = request.nextUrl.searchParams;
  const filters = parseInsightsParams(query);
  const { format, bom } = parseSearchParams(chartDownloadSchema, query).value;
  const table = chartTable(chart as ChartId, await getInsights(filters));
  if (format === "json") return NextResponse.json(table, { headers: { "Cache-Control": "no-store" } });
  const range = filters.range === "custom" ? `${filters.from}_${filters.to}` : filters.range === "all" ? "all-time" : `last-${filters.range}-days`;
  return new Response(csvStream(table.columns, table.rows, { bom: bom === "1" }), {
    headers: csvHeaders(`rebound-insights-${chart}-${range}.csv`),
  });
});
