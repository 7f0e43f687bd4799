import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, parseId } from "@/lib/http";
import { undoCorrection } from "@/lib/queries/corrections";
import { correctionErrorResponse } from "../errors";

export const dynamic = "force-dynamic";

/** Undoes a correction: `{ bounces, subscribers }` decided again and moved. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const { id } = await params;
  const numeric = parseId(id);
  if (numeric === null) return jsonError(404, "not-found", `No correction with id "${id}".`);
  try {
    return NextResponse.json(await undoCorrection(numeric, who.user.name));
  } catch (error) {
    return correctionErrorResponse(error);
  }
}
