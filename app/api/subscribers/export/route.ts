import type { NextRequest } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { csvHeaders, csvStream, exactCell } from "@/lib/export/csv";
import { jsonError, guarded } from "@/lib/http";
import { EXPORT_COLUMNS, iterateAddresses, iterateSubscriberExport } from "@/lib/queries/subscriber-export";
import type { Selection } from "@/lib/queries/subscriber-sql";
import { subscriberFilterSchema } from "@/lib/queries/subscribers";
import { csvDownloadSchema, describeProblem, parseSearchParams } from "@/lib/validation/search-params";

export const dynamic = "force-dynamic";

/** Ready-made lists for the email platform: who to validate again, who to suppress. Addresses exactly, one column. */
const LISTS = {
  validate: { status: "recovered", name: "addresses-to-validate-again" },
  suppress: { status: "unrecoverable", name: "addresses-to-suppress" },
} as const;

/**
 * Streams subscribers as CSV: those matching the list filters, the rows `ids=1,2,3`, or a ready-made
 * `list=validate|suppress`. `bom=1` adds a UTF-8 BOM so Excel reads accents right.
 */
export const GET = guarded(async function GET(request: NextRequest) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const params = request.nextUrl.searchParams;
  const list = params.get("list");
  if (list && !(list in LISTS)) return jsonError(400, "invalid-query", `Unknown list "${list}": use validate or suppress.`);
  const parsed = parseSearchParams(subscriberFilterSchema, params);
  const problem = describeProblem(parsed.problems);
  if (problem) return jsonError(400, "invalid-query", problem);
  const filter = list ? { ...parsed.value, status: LISTS[list as keyof typeof LISTS].status } : parsed.value;
  let selection: Selection = { filter };
  const ids = params.get("ids");
  if (ids) {
    const list = ids.split(",").map((s) => Number(s.trim()));
    if (list.length > 1000 || list.some((n) => !Number.isSafeInteger(n) || n <= 0))
      return jsonError(400, "invalid-query", "ids must be up to 1000 subscriber ids separated by commas.");
    selection = { ids: list };
  }
  const bom = parseSearchParams(csvDownloadSchema, params).value.bom === "1";
  const base = list ? LISTS[list as keyof typeof LISTS].name : `rebound-${filter.category ?? "subscribers"}`;
  const name = `${base}-${new Date().toISOString().slice(0, 10)}.csv`;
  const body = list
    ? csvStream(["email"], iterateAddresses(selection), { bom, cell: exactCell })
    : csvStream(EXPORT_COLUMNS, iterateSubscriberExport(selection), { bom });
  return new Response(body, { headers: csvHeaders(name) });
});
