import { NextResponse, type NextRequest } from "next/server";

/**
 * Security headers for every response, and a same-origin check on state-changing API calls.
 *
 * - A per-request nonce lets Next's own scripts run while any injected <script> (bounce texts are
 *   written by strangers) is refused by the browser; styles stay 'unsafe-inline' because React style
 *   props and recharts need them, and injected CSS cannot run code.
 * - CSRF: browsers send Origin on cross-site POST/PUT/PATCH/DELETE; one that is not this site is refused.
 *   Requests without Origin (curl, scripts) are not browser-driven CSRF.
 */
export function proxy(request: NextRequest) {
  if (isStateChanging(request.method) && request.nextUrl.pathname.startsWith("/api/") && !sameOrigin(request)) {
    return NextResponse.json({ error: { message: "Cross-site request refused.", code: "cross-origin" } }, { status: 403 });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "same-origin");
  response.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  return response;
}

function isStateChanging(method: string) {
  return method === "POST" || method === "PUT" || method === "PATCH" || method === "DELETE";
}

function sameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const config = {
  // Static assets need no headers work; everything else (pages and API) goes through.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
