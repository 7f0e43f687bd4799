import "server-only";
import { headers as nextHeaders } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { isSafeMethod, isSameOrigin, jsonError } from "../http";
import { prisma } from "../db/prisma";
import { auth } from "./auth";
import { hasRole, isRole, type Role } from "./roles";
import { userForToken } from "./tokens";

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** Who is asking: an API bearer token, else the session cookie. Disabled users are nobody. */
export async function getCurrentUser(headers?: Headers): Promise<CurrentUser | null> {
  const h = headers ?? (await nextHeaders());
  const authorization = h.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) {
    const user = await userForToken(authorization.slice(7).trim());
    return user ? toCurrent(user) : null;
  }
  const session = await auth(h).api.getSession({ headers: h });
  if (!session || session.user.banned) return null;
  return toCurrent(session.user);
}

function toCurrent(u: { id: string; name: string; email: string; role?: string | null }): CurrentUser {
  return { id: u.id, name: u.name, email: u.email, role: isRole(u.role) ? u.role : "viewer" };
}

// One session lookup per page render, however many components ask.
const pageUser = cache(() => getCurrentUser());

/** For pages: the signed-in user with at least `role`, or off to the login (or first-run setup) page. */
export async function requirePageUser(role: Role = "viewer"): Promise<CurrentUser> {
  const user = await pageUser();
  if (!user) redirect((await hasAnyUser()) ? "/login" : "/setup");
  if (!hasRole(user.role, role)) redirect("/?forbidden=1");
  return user;
}

export type ApiAuth = { user: CurrentUser; response?: never } | { user?: never; response: Response };

/**
 * For route handlers: the caller with at least `role`, or the 401/403 JSON response to return.
 * Writes from a browser on another site are refused first (CSRF): browsers send Origin on
 * cross-site POST/PUT/PATCH/DELETE; scripts with a token send none.
 */
export async function requireApiUser(request: Request, role: Role = "viewer"): Promise<ApiAuth> {
  if (!isSafeMethod(request.method) && !isSameOrigin(request)) return { response: jsonError(403, "cross-origin", "Cross-site request refused.") };
  const user = await getCurrentUser(request.headers);
  if (!user) return { response: jsonError(401, "unauthenticated", "Sign in, or send an API token as Authorization: Bearer <token>.") };
  if (!hasRole(user.role, role)) return { response: jsonError(403, "forbidden", `This needs the ${role} role; you are ${user.role}.`) };
  return { user };
}

export async function hasAnyUser(): Promise<boolean> {
  return (await prisma().user.count()) > 0;
}

/** Whether the signed-in user may change things (member or admin), for hiding controls from viewers. */
export async function canEdit(): Promise<boolean> {
  return hasRole((await requirePageUser()).role, "member");
}
