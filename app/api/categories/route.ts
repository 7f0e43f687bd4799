import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { getCategoryStats } from "@/lib/queries/categories";
import { guarded } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: Request) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  const data = (await getCategoryStats()).map(({ code, label, group, subscribers, openTasks }) => ({ code, label, group, subscribers, openTasks }));
  return NextResponse.json(data);
});
