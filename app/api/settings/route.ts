import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { z } from "zod";
import { jsonError, guarded } from "@/lib/http";
import { logEvent } from "@/lib/queries/events";
import { getPlatformName, setPlatformName } from "@/lib/queries/settings";

export const dynamic = "force-dynamic";

const schema = z.object({ platformName: z.string().trim().min(1, "the platform needs a name").max(80) }).strict();

export const GET = guarded(async function GET(request: Request) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  return NextResponse.json({ platformName: await getPlatformName() });
});

export const PUT = guarded(async function PUT(request: Request) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  const body = schema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", `platformName: ${body.error.issues[0]?.message}`);
  await setPlatformName(body.data.platformName);
  await logEvent({
    actor: who.user.name,
    action: "settings",
    subjectType: "settings",
    subjectId: "platformName",
    detail: `email platform is now "${body.data.platformName}"`,
  });
  return NextResponse.json({ platformName: body.data.platformName });
});
