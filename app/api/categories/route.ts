import { NextResponse } from "next/server";
import { getCategoryStats } from "@/lib/queries/categories";

export const dynamic = "force-dynamic";

export async function GET() {
  const data = getCategoryStats().map(({ code, label, group, subscribers, openTasks }) => ({ code, label, group, subscribers, openTasks }));
  return NextResponse.json(data);
}
