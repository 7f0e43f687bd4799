import { NextResponse } from "next/server";
import { sqlite } from "@/lib/db/sqlite";
import { guarded } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET() {
  sqlite().prepare("SELECT 1").get();
  return NextResponse.json({ ok: true });
});
