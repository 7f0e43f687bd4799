import { csvHeaders, csvStream } from "@/lib/export/csv";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, guarded } from "@/lib/http";
import { getImport, iterateRejectedRows } from "@/lib/queries/imports";

export const dynamic = "force-dynamic";

/** CSV of the rows that could not be imported, with their line number and the reason. */
export const GET = guarded(async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const { id } = await params;
  const found = await getImport(id);
  if (!found) return jsonError(404, "not-found", `No import with id "${id}".`);
  const rows = (function* () {
    for (const r of iterateRejectedRows(id)) yield [r.line, r.column, r.reason, r.raw];
  })();
  const name = `${found.fileName.replace(/\.[^.]*$/, "")}-rejected-rows.csv`;
  return new Response(csvStream(["line", "column", "reason", "raw"], rows), { headers: csvHeaders(name) });
});
