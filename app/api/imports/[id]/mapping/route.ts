import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, guarded } from "@/lib/http";
import { applyMapping } from "@/lib/ingest";
import { getImport, previewImport } from "@/lib/queries/imports";
import { columnMappingSchema } from "@/lib/validation/mapping";

export const dynamic = "force-dynamic";

/** The file's header and first rows, for choosing columns. */
export const GET = guarded(async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  const { id } = await params;
  const preview = await previewImport(id);
  if (!preview) return jsonError(404, "not-found", `No import with id "${id}".`);
  return NextResponse.json(preview);
});

/** `{ email, date?, status?, diagnostic?, … }` naming header columns: remembered for the same header, and the import runs again. */
export const POST = guarded(async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const { id } = await params;
  const found = await getImport(id);
  if (!found) return jsonError(404, "not-found", `No import with id "${id}".`);
  if (found.status !== "needs_mapping" && found.status !== "failed") {
    return jsonError(409, "not-waiting-for-mapping", `This import is ${found.status}; only an import waiting for a column mapping can be mapped.`);
  }
  const parsed = columnMappingSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return jsonError(400, "invalid-mapping", parsed.error.issues[0]?.message ?? "Invalid mapping");
  const preview = await previewImport(id);
  const header = preview?.header ?? [];
  const unknown = Object.entries(parsed.data).filter(([, col]) => col && !header.includes(col));
  if (unknown.length) {
    return jsonError(400, "invalid-mapping", `The file has no column named ${unknown.map(([, c]) => `"${c}"`).join(", ")}.`);
  }
  await applyMapping(id, parsed.data, header);
  return NextResponse.json({ id, status: "queued" }, { status: 202 });
});
