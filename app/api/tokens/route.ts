import { NextResponse } from "next/server";
import { z } from "zod";
import { requireApiUser } from "@/lib/auth/current-user";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { jsonError, guarded } from "@/lib/http";
import { logEvent } from "@/lib/queries/events";
import { findUserByEmail } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: Request) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  return NextResponse.json({ data: await listApiTokens() });
});

const schema = z.object({ name: z.string().trim().min(1, "give the token a name").max(100), email: z.string().trim().max(254).optional() }).strict();

/** Creates a token acting as the given user (default: the admin). The token is shown once. */
export const POST = guarded(async function POST(request: Request) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  const body = schema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", body.error.issues[0]?.message ?? "Invalid request");
  const owner = body.data.email ? await findUserByEmail(body.data.email) : { id: who.user.id, email: who.user.email };
  if (!owner) return jsonError(404, "not-found", `No user with the email ${body.data.email}.`);
  const created = await createApiToken(owner.id, body.data.name);
  await logEvent({
    actor: who.user.name,
    action: "token.created",
    subjectType: "user",
    subjectId: owner.email,
    detail: `created API token "${body.data.name}"`,
  });
  return NextResponse.json({ ...created, email: owner.email }, { status: 201 });
});
