import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, parseId, guarded } from "@/lib/http";
import { updateSubscriber } from "@/lib/queries/subscriber-updates";
import { getSubscriber } from "@/lib/queries/subscribers";
import { subscriberPatchSchema } from "@/lib/validation/subscriber";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  const { id } = await params;
  const numeric = parseId(id);
  const found = numeric === null ? null : await getSubscriber(numeric);
  if (!found) return jsonError(404, "not-found", `No subscriber with id "${id}".`);
  return NextResponse.json(found);
});

/** `{ status?, statusReason?, name?, phone?, company?, assignee? }`; every change goes to the history. */
export const PATCH = guarded(async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const { id } = await params;
  const numeric = parseId(id);
  const body = subscriberPatchSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    const issue = body.error.issues[0];
    return jsonError(400, "invalid-body", `${issue?.path.join(".") || "body"}: ${issue?.message}`);
  }
  if (numeric === null || !(await updateSubscriber(numeric, body.data, who.user.name))) {
    return jsonError(404, "not-found", `No subscriber with id "${id}".`);
  }
  return NextResponse.json(await getSubscriber(numeric));
});
