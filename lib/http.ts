import "server-only";
import { NextResponse } from "next/server";

/** The API's one error shape: `{ error: { message, code } }` with a fitting HTTP status. */
export function jsonError(status: number, code: string, message: string, extra?: Record<string, unknown>) {
  return NextResponse.json({ error: { message, code, ...extra } }, { status });
}

export function parseId(raw: string): number | null {
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}
