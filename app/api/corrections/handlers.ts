import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, parseId } from "@/lib/http";
import { CorrectionError } from "@/lib/queries/corrections";

const STATUS = { "not-found": 404, invalid: 400, busy: 409 } as const;

/** A CorrectionError as the API's error shape; anything else is rethrown. */
export function correctionErrorResponse(error: unknown): Response {
  if (error instanceof CorrectionError) return jsonError(STATUS[error.code], error.code, error.message);
  throw error;
}

/** A member's act on one correction (apply, undo): answers what it moved, `{ bounces, subscribers }`. */
export function correctionAct(act: (id: number, actor: string) => Promise<{ bounces: number; subscribers: number }>) {
  return async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const who = await requireApiUser(request, "member");
    if (who.response) return who.response;
    const { id } = await params;
    const numeric = parseId(id);
    if (numeric === null) return jsonError(404, "not-found", `No correction with id "${id}".`);
    try {
      return NextResponse.json(await act(numeric, who.user.name));
    } catch (error) {
      return correctionErrorResponse(error);
    }
  };
}
