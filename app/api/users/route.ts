import { NextResponse } from "next/server";
import { z } from "zod";
import { requireApiUser } from "@/lib/auth/current-user";
import { ROLES } from "@/lib/auth/roles";
import { createUser, listUsers, UserInputError } from "@/lib/auth/users";
import { jsonError, guarded } from "@/lib/http";
import { logEvent } from "@/lib/queries/events";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: Request) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  return NextResponse.json({ data: await listUsers() });
});

const schema = z
  .object({ email: z.string().trim().max(254), name: z.string().trim().max(100).optional(), password: z.string().max(128), role: z.enum(ROLES) })
  .strict();

export const POST = guarded(async function POST(request: Request) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  const body = schema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", `${body.error.issues[0]?.path.join(".")}: ${body.error.issues[0]?.message}`);
  try {
    const user = await createUser(body.data);
    await logEvent({
      actor: who.user.name,
      action: "user.created",
      subjectType: "user",
      subjectId: user.email,
      detail: `added ${user.email} as ${body.data.role}`,
    });
    return NextResponse.json({ id: user.id, email: user.email, role: body.data.role }, { status: 201 });
  } catch (error) {
    if (error instanceof UserInputError) return jsonError(400, "invalid-user", error.message);
    throw error;
  }
});
