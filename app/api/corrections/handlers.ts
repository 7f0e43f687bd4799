import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { guarded, jsonError, parseId } from "@/lib/http";

/**
 * A member's act on one correction (apply, undo): answers what it moved, `{ bounces, subscribers }`.
 * A refusal (CorrectionError, an AppError) answers with its own status through `guarded`.
 */
export function correctionAct(act: (id: number, actor: string) => Promise<{ bounces: number; subscribers: number }>) {
  return guarded(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const who = await requireApiUser(request, "member");
    if (who.response) return who.response;
    const { id } = await params;
    const numeric = parseId(id);
    if (numeric === null) return jsonError(404, "not-found", `No correction with id "${id}".`);
    return NextResponse.json(await act(numeric, who.user.name));
  });
}
