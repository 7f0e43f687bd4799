import { NextResponse } from "next/server";
import { z } from "zod";
import { requireApiUser } from "@/lib/auth/current-user";
import { guarded, jsonError } from "@/lib/http";
import { logEvent } from "@/lib/queries/events";
import { deleteSource, rotateSource, setPaused } from "@/lib/webhooks/sources";

export const dynamic = "force-dynamic";

const schema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("pause") }).strict(),
  z.object({ action: z.literal("resume") }).strict(),
  z
    .object({ action: z.literal("rotate"), key: z.string().max(5000).optional(), topicArns: z.string().max(10_000).optional(), bearer: z.boolean().optional() })
    .strict(),
]);

/** Pause, resume, or rotate the secret (new credentials, shown once; or a new key or topic list). */
export const PATCH = guarded(async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  const { id } = await params;
  const body = schema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", body.error.issues[0]?.message ?? "Invalid request: action must be pause, resume or rotate");
  if (body.data.action === "rotate") {
    const { action: _action, ...input } = body.data;
    const credentials = await rotateSource(id, input);
    await logEvent({ actor: who.user.name, action: "webhook.rotated", subjectType: "webhook", subjectId: id, detail: "rotated a webhook source's secret" });
    return NextResponse.json({ id, credentials });
  }
  const paused = body.data.action === "pause";
  if (!(await setPaused(id, paused))) return jsonError(404, "not-found", "No webhook source with that id.");
  await logEvent({
    actor: who.user.name,
    action: paused ? "webhook.paused" : "webhook.resumed",
    subjectType: "webhook",
    subjectId: id,
    detail: paused ? "paused a webhook source" : "resumed a webhook source",
  });
  return NextResponse.json({ id, paused });
});

export const DELETE = guarded(async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  const { id } = await params;
  if (!(await deleteSource(id))) return jsonError(404, "not-found", "No webhook source with that id.");
  await logEvent({ actor: who.user.name, action: "webhook.deleted", subjectType: "webhook", subjectId: id, detail: "deleted a webhook source" });
  return NextResponse.json({ id, deleted: true });
});
