import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { revokeApiToken } from "@/lib/auth/tokens";
import { jsonError, guarded } from "@/lib/http";
import { logEvent } from "@/lib/queries/events";

export const dynamic = "force-dynamic";

export const DELETE = guarded(async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  const { id } = await params;
  if (!(await revokeApiToken(id))) return jsonError(404, "not-found", "No active token with that id.");
  await logEvent({ actor: who.user.name, action: "token.revoked", subjectType: "token", subjectId: id, detail: "revoked an API token" });
  return NextResponse.json({ id, revoked: true });
});
