import type { NextRequest } from "next/server";
import { isCategoryCode } from "@/lib/categories";
import { csvHeaders, csvStream } from "@/lib/export/csv";
import { jsonError } from "@/lib/http";
import { EXPORT_COLUMNS, iterateSubscriberExport } from "@/lib/queries/subscriber-export";
import { subscriberFilterSchema } from "@/lib/queries/subscribers";

export const dynamic = "force-dynamic";

/** Streams the subscribers matching the list filters as CSV; `bom=1` adds a UTF-8 BOM for Excel. */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const raw = Object.fromEntries([...params].filter(([k, v]) => v !== "" && k !== "bom"));
  const parsed = subscriberFilterSchema.safeParse(raw);
  if (!parsed.success) return jsonError(400, "invalid-query", parsed.error.issues[0]?.message ?? "Invalid query");
  if (parsed.data.category && !isCategoryCode(parsed.data.category)) {
    return jsonError(400, "invalid-query", `Unknown category "${parsed.data.category}".`);
  }
  const name = `rebound-${parsed.data.category ?? "subscribers"}-${new Date().toISOString().slice(0, 10)}.csv`;
  const body = csvStream(EXPORT_COLUMNS, iterateSubscriberExport(parsed.data), { bom: params.get("bom") === "1" });
  return new Response(body, { headers: csvHeaders(name) });
}
