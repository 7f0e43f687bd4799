import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { jsonError, guarded } from "@/lib/http";
import { applyBulkAction, BulkActionError, countSelection } from "@/lib/queries/bulk";
import { bulkRequestSchema } from "@/lib/validation/bulk";

export const dynamic = "force-dynamic";

/**
 * `{ selection: { ids } | { filter }, action, dryRun? }`. With dryRun the answer is only
 * `{ count }`, shown to the user before they confirm; otherwise `{ affected }`.
 */
export const POST = guarded(async function POST(request: Request) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const body = bulkRequestSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    const issue = body.error.issues[0];
    return jsonError(400, "invalid-body", `${issue?.path.join(".") || "body"}: ${issue?.message}`);
  }
  const { selection, action, dryRun } = body.data;
  if (dryRun) return NextResponse.json({ count: await countSelection(selection) });
  try {
    return NextResponse.json(await applyBulkAction(selection, action, who.user.name));
  } catch (error) {
    if (error instanceof BulkActionError) return jsonError(400, "invalid-action", error.message);
    throw error;
  }
});
