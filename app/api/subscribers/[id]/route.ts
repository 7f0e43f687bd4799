import { NextResponse } from "next/server";
import { jsonError, parseId } from "@/lib/http";
import { getSubscriber } from "@/lib/queries/subscribers";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const numeric = parseId(id);
  const found = numeric === null ? null : await getSubscriber(numeric);
  if (!found) return jsonError(404, "not-found", `No subscriber with id "${id}".`);
  return NextResponse.json(found);
}
