import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, parseId, guarded } from "@/lib/http";
import { addSubscriberNote } from "@/lib/queries/subscriber-updates";
import { noteSchema } from "@/lib/validation/subscriber";

export const dynamic = "force-dynamic";

export const POST = guarded(async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const { id } = await params;
  const numeric = parseId(id);
  const body = noteSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError(400, "invalid-body", `Send JSON like { "text": "…" }: ${body.error.issues[0]?.message}`);
  if (numeric === null || !(await addSubscriberNote(numeric, body.data.text, who.user.name))) {
    return jsonError(404, "not-found", `No subscriber with id "${id}".`);
  }
  return NextResponse.json({ ok: true }, { status: 201 });
});
