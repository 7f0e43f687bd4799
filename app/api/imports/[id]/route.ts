import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, guarded } from "@/lib/http";
import { getImport } from "@/lib/queries/imports";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  const { id } = await params;
  const found = await getImport(id);
  if (!found) return jsonError(404, "not-found", `No import with id "${id}".`);
  return NextResponse.json(found);
});
