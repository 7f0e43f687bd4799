import { NextResponse, type NextRequest } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { isCategoryCode } from "@/lib/categories";
import { jsonError, guarded } from "@/lib/http";
import { listSubscribers, subscriberFilterSchema } from "@/lib/queries/subscribers";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: NextRequest) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  const raw = Object.fromEntries(request.nextUrl.searchParams);
  const parsed = subscriberFilterSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return jsonError(400, "invalid-query", `Invalid ${issue?.path.join(".")}: ${issue?.message}`);
  }
  if (parsed.data.category && !isCategoryCode(parsed.data.category)) {
    return jsonError(400, "invalid-query", `Unknown category "${parsed.data.category}".`);
  }
  return NextResponse.json(await listSubscribers(parsed.data));
});
