import { NextResponse, type NextRequest } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, guarded } from "@/lib/http";
import { listSubscribers, subscriberFilterSchema } from "@/lib/queries/subscribers";
import { describeProblem, parseSearchParams } from "@/lib/validation/search-params";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: NextRequest) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  const { value: filter, problems } = parseSearchParams(subscriberFilterSchema, request.nextUrl.searchParams);
  // An API caller gets told, not a guess: the page falls back, the route refuses.
  const problem = describeProblem(problems);
  if (problem) return jsonError(400, "invalid-query", problem);
  return NextResponse.json(await listSubscribers(filter));
});
