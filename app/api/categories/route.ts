import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { getCategoryStats } from "@/lib/queries/categories";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  const data = getCategoryStats().map(({ code, label, group, subscribers, openTasks }) => ({ code, label, group, subscribers, openTasks }));
  return NextResponse.json(data);
}
