import { NextResponse } from "next/server";
import { guarded } from "@/lib/http";
import { checkDatabase } from "@/lib/queries/health";

export const dynamic = "force-dynamic";

export const GET = guarded(async function GET() {
  await checkDatabase();
  return NextResponse.json({ ok: true });
});
