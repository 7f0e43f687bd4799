import { NextResponse } from "next/server";
import { z } from "zod";
import { requireApiUser } from "@/lib/auth/current-user";
import { guarded, jsonError } from "@/lib/http";
import { logEvent } from "@/lib/queries/events";
import { PROVIDERS, PROVIDER_INFO } from "@/lib/webhooks/providers";
import { createSource, listSources } from "@/lib/webhooks/sources";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: Request) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  return NextResponse.json({ data: await listSources() });
});

const schema = z
  .object({
    provider: z.enum(PROVIDERS, { message: `platform must be one of ${PROVIDERS.join(", ")}` }),
    name: z.string().trim().max(100).optional(),
    key: z.string().max(5000).optional(),
    topicArns: z.string().max(10_000).optional(),
    bearer: z.boolean().optional(),
  })
  .strict();

/** Connects a platform. Generated credentials are in the answer, and never again. */
export const POST = guarded(async function POST(request: Request) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  const body = schema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", body.error.issues[0]?.message ?? "Invalid request");
  const created = await createSource({ ...body.data, createdBy: who.user.email });
  const label = PROVIDER_INFO[body.data.provider].label;
  await logEvent({ actor: who.user.name, action: "webhook.created", subjectType: "webhook", subjectId: created.id, detail: `connected ${label}` });
  return NextResponse.json({ id: created.id, path: `/api/webhooks/${body.data.provider}/${created.id}`, credentials: created.credentials }, { status: 201 });
});
