import { NextResponse } from "next/server";
import { jsonError, parseId } from "@/lib/http";
import { currentActor } from "@/lib/actor";
import { updateSubscriber } from "@/lib/queries/subscriber-updates";
import { getSubscriber } from "@/lib/queries/subscribers";
import { subscriberPatchSchema } from "@/lib/validation/subscriber";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const numeric = parseId(id);
  const found = numeric === null ? null : await getSubscriber(numeric);
  if (!found) return jsonError(404, "not-found", `No subscriber with id "${id}".`);
  return NextResponse.json(found);
}

/** `{ status?, statusReason?, name?, phone?, company?, assignee? }`; every change goes to the history. */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const numeric = parseId(id);
  const body = subscriberPatchSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    const issue = body.error.issues[0];
    return jsonError(400, "invalid-body", `${issue?.path.join(".") || "body"}: ${issue?.message}`);
  }
  if (numeric === null || !updateSubscriber(numeric, body.data, await currentActor())) {
    return jsonError(404, "not-found", `No subscriber with id "${id}".`);
  }
  return NextResponse.json(await getSubscriber(numeric));
}
