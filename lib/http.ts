import "server-only";
import { NextResponse } from "next/server";
import { AppError } from "./errors";

/** The API's one error shape: `{ error: { message, code } }` with a fitting HTTP status. */
export function jsonError(status: number, code: string, message: string, extra?: Record<string, unknown>) {
  return NextResponse.json({ error: { message, code, ...extra } }, { status });
}

/**
 * Wraps a route handler so that every failure still answers the one error shape: an AppError with its
 * own status (the database busy with an import: 503, retry later), anything else 500, logged.
 * Never an empty body.
 */
export function guarded<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof AppError) {
        const response = jsonError(error.status, error.code, error.message);
        if (error.status === 503) response.headers.set("Retry-After", "5");
        return response;
      }
      console.error(error);
      return jsonError(500, "internal", "Something went wrong on the server. Nothing was lost: try again, and tell your admin if it keeps happening.");
    }
  };
}

export function parseId(raw: string): number | null {
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

/** True unless the request carries an Origin header naming another host than the one it reached. */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
