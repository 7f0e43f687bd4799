import { NextResponse } from "next/server";
import { z } from "zod";
import { auth } from "@/lib/auth/auth";
import { hasAnyUser } from "@/lib/auth/current-user";
import { createUser, UserInputError } from "@/lib/auth/users";
import { isSameOrigin, jsonError, guarded } from "@/lib/http";

export const dynamic = "force-dynamic";

const schema = z
  .object({ name: z.string().trim().min(1, "enter your name").max(100), email: z.string().trim().max(254), password: z.string().max(128) })
  .strict();

/** First run only: creates the first admin and signs them in. Refused once any user exists. */
export const POST = guarded(async function POST(request: Request) {
  if (!isSameOrigin(request)) return jsonError(403, "cross-origin", "Cross-site request refused.");
  if (await hasAnyUser()) return jsonError(409, "already-set-up", "Rebound is already set up: sign in instead.");
  const body = schema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", body.error.issues[0]?.message ?? "Invalid request");
  try {
    await createUser({ ...body.data, role: "admin" });
  } catch (error) {
    if (error instanceof UserInputError) return jsonError(400, "invalid-user", error.message);
    throw error;
  }
  const signedIn = await auth(request.headers).api.signInEmail({
    body: { email: body.data.email, password: body.data.password },
    headers: request.headers,
    asResponse: true,
  });
  const response = NextResponse.json({ ok: true }, { status: 201 });
  for (const cookie of signedIn.headers.getSetCookie()) response.headers.append("Set-Cookie", cookie);
  return response;
});
