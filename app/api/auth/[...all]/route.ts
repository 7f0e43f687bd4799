import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";
import { checkThrottle, clearFailures, recordFailure, signInKeys } from "@/lib/auth/login-throttle";
import { jsonError, guarded } from "@/lib/http";

export const dynamic = "force-dynamic";

const handler = (request: Request) => toNextJsHandler(auth(request.headers));

export const GET = guarded(async function GET(request: Request) {
  return handler(request).GET(request);
});

/** better-auth's endpoints, with sign-in slowed and then blocked after repeated failures. */
export const POST = guarded(async function POST(request: Request) {
  if (!new URL(request.url).pathname.endsWith("/sign-in/email")) return handler(request).POST(request);
  const keys = await signInKeys(request);
  const state = await checkThrottle(keys);
  if (state.blockedUntil) {
    const minutes = Math.max(1, Math.ceil((state.blockedUntil.getTime() - Date.now()) / 60_000));
    return jsonError(429, "too-many-attempts", `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
      retryAfterSeconds: minutes * 60,
    });
  }
  if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
  const response = await handler(request).POST(request);
  if (response.status === 200) await clearFailures(keys);
  else if (response.status === 401 || response.status === 403) await recordFailure(keys);
  return response;
});
