import { NextResponse, type NextRequest } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, guarded } from "@/lib/http";
import { correctBounce, listCorrections } from "@/lib/queries/corrections";
import { correctionListSchema, correctionRequestSchema } from "@/lib/validation/correction";
import { describeProblem, parseSearchParams } from "@/lib/validation/search-params";

export const dynamic = "force-dynamic";

/** `?page=&pageSize=` → the team's corrections, newest first: `{ data, count, page, pageSize }`. */
export const GET = guarded(async function GET(request: NextRequest) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  const { value, problems } = parseSearchParams(correctionListSchema, request.nextUrl.searchParams);
  const problem = describeProblem(problems);
  if (problem) return jsonError(400, "invalid-query", problem);
  return NextResponse.json(await listCorrections(value));
});

/** `{ bounceId, category }`: "this bounce is really …". 201 with the correction. */
export const POST = guarded(async function POST(request: Request) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const body = correctionRequestSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    const issue = body.error.issues[0];
    return jsonError(400, "invalid-body", `Send JSON like { "bounceId": 12, "category": "bad-mailbox" }: ${issue?.path.join(".") || "body"} ${issue?.message}`);
  }
  return NextResponse.json(await correctBounce(body.data.bounceId, body.data.category, who.user.name), { status: 201 });
});
