import type { ReadableStream } from "node:stream/web";
import { NextResponse, type NextRequest } from "next/server";
import { requireApiUser } from "@/lib/auth/current-user";
import { guarded } from "@/lib/http";
import { receiveUpload } from "@/lib/ingest";
import { listImports } from "@/lib/queries/imports";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = guarded(async function GET(request: Request) {
  const who = await requireApiUser(request, "viewer");
  if (who.response) return who.response;
  return NextResponse.json({ data: await listImports(50) });
});

/**
 * Multipart upload, field `file` (and optional `mapping` JSON for a hand-mapped layout, sent before
 * the file). The file is streamed to disk as it arrives, never buffered whole. The import is queued
 * as soon as the file starts arriving and, when the queue is free, reads it while it uploads; the
 * answer comes once the whole file is stored: 202 { id, status }.
 */
export const POST = guarded(async function POST(request: NextRequest) {
  const who = await requireApiUser(request, "member");
  if (who.response) return who.response;
  const created = await receiveUpload(request.body as ReadableStream<Uint8Array> | null, request.headers.get("content-type") ?? "", {
    declaredSize: Number(request.headers.get("content-length") ?? 0),
    createdBy: who.user.email,
  });
  return NextResponse.json({ id: created.id, status: created.status }, { status: 202, headers: { Location: `/api/imports/${created.id}` } });
});
