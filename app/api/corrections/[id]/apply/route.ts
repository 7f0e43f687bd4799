import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, parseId } from "@/lib/http";
import { applyCorrection } from "@/lib/queries/corrections";
import { correctionErrorResponse } from "../../errors";

export const dynamic = "force-dynamic";

/** Applies a correction to every bounce with the same reply, and to later imports: `{ bounces, subscribers }` moved. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const { id } = await params;
  const numeric = parseId(id);
  if (numeric === null) return jsonError(404, "not-found", `No correction with id "${id}".`);
  try {
    return NextResponse.json(await applyCorrection(numeric, who.user.name));
  } catch (error) {
    return correctionErrorResponse(error);
  }
}
