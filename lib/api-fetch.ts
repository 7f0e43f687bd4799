/**
 * The client's one way to call Rebound's API: never throws, and a refusal carries the server's own
 * message (`{ error: { code, message } }`, see jsonError in lib/http.ts) so the screen can say it.
 * Client-safe: no server imports.
 */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

export const UNREACHABLE = "Rebound could not be reached. Check your connection and try again.";
export const UNEXPECTED_ANSWER = "Rebound gave an answer it could not read. Try again, and tell your admin if it keeps happening.";

/** A plain object `body` is sent as JSON; anything else (FormData, a string) as given. */
export interface ApiInit extends Omit<RequestInit, "body"> {
  body?: BodyInit | Record<string, unknown> | null;
}

export async function apiFetch<T = unknown>(url: string, init: ApiInit = {}): Promise<ApiResult<T>> {
  const { body, headers, ...rest } = init;
  const asJson = body !== undefined && body !== null && isPlainObject(body);
  let res: Response;
  try {
    res = await fetch(url, {
      ...rest,
      headers: asJson ? { "Content-Type": "application/json", ...(headers as Record<string, string> | undefined) } : headers,
      body: asJson ? JSON.stringify(body) : (body as BodyInit | null | undefined),
    });
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE };
  }
  const text = await res.text().catch(() => null);
  let payload: unknown = null;
  let parsed = false;
  if (text) {
    try {
      payload = JSON.parse(text);
      parsed = true;
    } catch {
      parsed = false;
    }
  }
  if (res.ok) {
    // An empty success (204) is fine; a non-JSON success is not what the API answers.
    if (text && !parsed) return { ok: false, status: res.status, message: UNEXPECTED_ANSWER };
    return { ok: true, data: payload as T };
  }
  return { ok: false, status: res.status, message: errorMessage(payload, res.status) };
}

/** The server's message from an error body, or a fallback that at least says what kind of failure it was. */
export function errorMessage(payload: unknown, status: number): string {
  // Rebound's routes answer { error: { message } }; the sign-in routes (better-auth) answer { message }.
  const body = payload as { error?: { message?: unknown }; message?: unknown } | null;
  const message = body?.error?.message ?? body?.message;
  if (typeof message === "string" && message.trim()) return message;
  if (status === 0) return UNREACHABLE;
  if (status === 401) return "Your session has ended. Sign in again.";
  if (status === 403) return "You are not allowed to do this.";
  if (status >= 500) return `Rebound could not do this (server error ${status}). Try again, and tell your admin if it keeps happening.`;
  return `Rebound refused this (error ${status}).`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
