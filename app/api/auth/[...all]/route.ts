import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";
import { checkThrottle, clearFailures, recordFailure, throttleKeys } from "@/lib/auth/login-throttle";
import { jsonError } from "@/lib/http";

export const dynamic = "force-dynamic";

const handler = () => toNextJsHandler(auth());

export async function GET(request: Request) {
  return handler().GET(request);
}

/** better-auth's endpoints, with sign-in slowed and then blocked after repeated failures. */
export async function POST(request: Request) {
  if (!new URL(request.url).pathname.endsWith("/sign-in/email")) return handler().POST(request);
  const body = (await request.clone().json().catch(() => null)) as { email?: unknown } | null;
  const email = typeof body?.email === "string" ? body.email : "";
  const keys = throttleKeys(email, clientAddress(request));
  const state = await checkThrottle(keys);
  if (state.blockedUntil) {
    const minutes = Math.max(1, Math.ceil((state.blockedUntil.getTime() - Date.now()) / 60_000));
    return jsonError(429, "too-many-attempts", `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, { retryAfterSeconds: minutes * 60 });
  }
  if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
  const response = await handler().POST(request);
  if (response.status === 200) await clearFailures(keys);
  else if (response.status === 401 || response.status === 403) await recordFailure(keys);
  return response;
}

function clientAddress(request: Request): string | null {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || null;
}
