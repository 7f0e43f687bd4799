import { NextResponse } from "next/server";
import { z } from "zod";
import { requireApiUser } from "@/lib/auth/current-user";
import { ROLES } from "@/lib/auth/roles";
import { setUserDisabled, setUserRole } from "@/lib/auth/users";
import { jsonError, guarded } from "@/lib/http";
import { logEvent } from "@/lib/queries/events";
import { findUserById } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

const schema = z.object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() }).strict();

/** Change a teammate's role or disable them. Admins cannot lock themselves out. */
export const PATCH = guarded(async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "admin");
  if (who.response) return who.response;
  const { id } = await params;
  const body = schema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", body.error.issues[0]?.message ?? "Invalid request");
  const target = await findUserById(id);
  if (!target) return jsonError(404, "not-found", "No such user.");
  if (id === who.user.id && (body.data.disabled || (body.data.role && body.data.role !== "admin"))) {
    return jsonError(400, "self-lockout", "You cannot disable yourself or remove your own admin role; ask another admin.");
  }
  if (body.data.role) await setUserRole(id, body.data.role);
  if (body.data.disabled !== undefined) await setUserDisabled(id, body.data.disabled);
  await logEvent({
    actor: who.user.name,
    action: "user.updated",
    subjectType: "user",
    subjectId: target.email,
    detail: [body.data.role && `role ${body.data.role}`, body.data.disabled !== undefined && (body.data.disabled ? "disabled" : "enabled")]
      .filter(Boolean)
      .join(", "),
  });
  return NextResponse.json({ id, ...body.data });
});
