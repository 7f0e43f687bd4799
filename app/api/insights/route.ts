import { NextResponse, type NextRequest } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { parseInsightsParams } from "@/lib/insights/filters";
import { getInsights } from "@/lib/queries/insights";
import { guarded } from "@/lib/http";

export const dynamic = "force-dynamic";

/** All insights data for the filters in the query string (same parameters as the /insights page). */
export const GET = guarded(async function GET(request: NextRequest) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  return NextResponse.json(await getInsights(parseInsightsParams(request.nextUrl.searchParams)), { headers: { "Cache-Control": "no-store" } });
});
