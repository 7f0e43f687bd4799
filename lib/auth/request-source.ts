import { env } from "../env";

/**
 * Where a request came from, as far as it can be believed. `npm start` stamps each request with the
 * socket's own address and protocol (scripts/server-preload.cjs), overwriting anything a client
 * sent under those names; X-Forwarded-* are believed only when TRUST_PROXY names a proxy in front.
 */
export const PEER_HEADER = "x-rebound-peer";
export const PROTO_HEADER = "x-rebound-proto";

/** The protocol the browser used, which decides whether session cookies must be Secure. */
export function requestProtocol(headers: Headers): "http" | "https" {
  if (env.BETTER_AUTH_URL) return env.BETTER_AUTH_URL.startsWith("https:") ? "https" : "http";
  if (env.TRUST_PROXY) {
    const forwarded = lastHop(headers.get("x-forwarded-proto"));
    if (forwarded === "https" || forwarded === "http") return forwarded;
  }
  return headers.get(PROTO_HEADER) === "https" ? "https" : "http";
}

/** The client's address, for sign-in throttling; null when the server cannot tell. */
export function clientAddress(headers: Headers): string | null {
  // A trusted proxy appends the address it saw: the last entry is the one it vouches for.
  if (env.TRUST_PROXY) return lastHop(headers.get("x-forwarded-for")) ?? headers.get(PEER_HEADER);
  return headers.get(PEER_HEADER);
}

function lastHop(value: string | null): string | null {
  const hop = value?.split(",").at(-1)?.trim().toLowerCase();
  return hop ? hop : null;
}
