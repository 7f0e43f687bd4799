import { NextResponse } from "next/server";
import { z } from "zod";
import { currentActor } from "@/lib/actor";
import { jsonError } from "@/lib/http";
import { recordEvent } from "@/lib/queries/events";
import { getPlatformName, setPlatformName } from "@/lib/queries/settings";

export const dynamic = "force-dynamic";

const schema = z.object({ platformName: z.string().trim().min(1, "the platform needs a name").max(80) }).strict();

export async function GET() {
  return NextResponse.json({ platformName: await getPlatformName() });
}

export async function PUT(request: Request) {
  const body = schema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", `platformName: ${body.error.issues[0]?.message}`);
  await setPlatformName(body.data.platformName);
  recordEvent({ actor: await currentActor(), action: "settings", subjectType: "settings", subjectId: "platformName", detail: `email platform is now "${body.data.platformName}"` });
  return NextResponse.json({ platformName: body.data.platformName });
}
