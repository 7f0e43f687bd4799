import { requireApiUser } from "@/lib/auth/current-user";
import { csvHeaders, csvStream } from "@/lib/export/csv";
import { CORRECTION_EXPORT_COLUMNS, iterateCorrectionExport } from "@/lib/queries/corrections";
import { guarded } from "@/lib/http";
import { csvDownloadSchema, parseSearchParams } from "@/lib/validation/search-params";

export const dynamic = "force-dynamic";

/** Every correction as CSV (cells made safe for spreadsheets), to feed the classifier's corpus. `bom=1` for Excel. */
export const GET = guarded(async function GET(request: Request) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const bom = parseSearchParams(csvDownloadSchema, new URL(request.url).searchParams).value.bom === "1";
  const name = `rebound-corrections-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(csvStream(CORRECTION_EXPORT_COLUMNS, iterateCorrectionExport(), { bom }), { headers: csvHeaders(name) });
});
