import { NextResponse } from "next/server";
import { sqlite } from "@/lib/db/sqlite";

export const dynamic = "force-dynamic";

export async function GET() {
  sqlite().prepare("SELECT 1").get();
  return NextResponse.json({ ok: true });
}
