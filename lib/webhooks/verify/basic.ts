/**
 * Postmark, SparkPost and Brevo sign nothing: they send the credentials Rebound generated, as HTTP
 * Basic auth (or, for SparkPost and Brevo, a bearer token). Only SHA-256 hashes of the secrets are
 * stored (like API tokens: they are long random strings, so a plain hash is enough); all compared in constant time.
 */
import { refuse, safeEqual, sha256Hex, type Verdict } from "./common";

export interface BasicCredentials {
  basicUser: string | null;
  basicHash: string | null;
  bearerHash: string | null;
}

export function verifyBasic(headers: Headers, creds: BasicCredentials): Verdict {
  const authorization = headers.get("authorization") ?? "";
  const [scheme, value = ""] = authorization.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === "bearer") {
    if (!creds.bearerHash) return refuse("bearer token sent, but none is set for this source");
    return safeEqual(sha256Hex(value), creds.bearerHash) ? { ok: true } : refuse("wrong bearer token");
  }
  if (scheme?.toLowerCase() !== "basic" || !value) return refuse("no credentials sent");
  if (!creds.basicUser || !creds.basicHash) return refuse("no Basic-auth credentials set for this source");
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return refuse("malformed Basic-auth header");
  // Both compared every time, so the answer takes as long whichever is wrong.
  const userOk = safeEqual(decoded.slice(0, colon), creds.basicUser);
  const passOk = safeEqual(sha256Hex(decoded.slice(colon + 1)), creds.basicHash);
  return userOk && passOk ? { ok: true } : refuse("wrong Basic-auth user or password");
}
