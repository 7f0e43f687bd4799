import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins/admin";
import { prisma } from "../db/prisma";
import { env } from "../env";
import { requestProtocol } from "./request-source";
import { authSecret } from "./secret";

export const PASSWORD_MIN = 10;
export const SESSION_DAYS = 7;

function createAuth(secureCookies: boolean) {
  return betterAuth({
    appName: "Rebound",
    // Optional: without it the origin comes from each request (any host name the site is reached by).
    baseURL: env.BETTER_AUTH_URL,
    secret: authSecret(),
    database: prismaAdapter(prisma(), { provider: "sqlite" }),
    // The site is whatever host the browser reached (localhost, an intranet name…): its own origin is
    // trusted. proxy.ts has already refused API writes whose Origin is another host.
    trustedOrigins: (request?: Request) => {
      const host = request?.headers.get("x-forwarded-host") ?? request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    emailAndPassword: {
      enabled: true,
      // Only admins add people (settings, or `npm run admin`); nobody signs themselves up.
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: 128,
    },
    session: { expiresIn: 60 * 60 * 24 * SESSION_DAYS, updateAge: 60 * 60 * 24 },
    // Sign-in throttling is Rebound's own (lib/auth/login-throttle.ts): per account and address,
    // slowing then blocking for a while, which better-auth's per-IP window cannot express.
    rateLimit: { enabled: false },
    advanced: {
      // Browsers drop a Secure cookie sent over plain http, so the flag follows the request's protocol.
      useSecureCookies: secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    logger: { level: "error" },
    plugins: [admin({ defaultRole: "member", adminRoles: ["admin"] }), nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { reboundAuth?: { http?: Auth; https?: Auth } };

/**
 * The better-auth instance for a request: better-auth fixes its cookies' names and Secure flag when
 * it is created, so there is one per protocol (created lazily: it reads the secret from disk).
 */
export function auth(headers?: Headers): Auth {
  const protocol = headers ? requestProtocol(headers) : "http";
  const instances = (globalForAuth.reboundAuth ??= {});
  return (instances[protocol] ??= createAuth(protocol === "https"));
}
