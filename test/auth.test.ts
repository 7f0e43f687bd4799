import "./helpers/test-db";
import { describe, expect, it } from "vitest";
import { hasRole, isRole } from "@/lib/auth/roles";
import { BLOCK_AFTER, BLOCK_MINUTES, checkThrottle, clearFailures, recordFailure, signInKeys, throttleKeys } from "@/lib/auth/login-throttle";
import { createApiToken, hashToken, revokeApiToken, userForToken } from "@/lib/auth/tokens";
import { createUser, setUserDisabled, UserInputError } from "@/lib/auth/users";
import { prisma } from "@/lib/db/prisma";

describe("roles", () => {
  it("orders viewer < member < admin", () => {
    expect(hasRole("admin", "member")).toBe(true);
    expect(hasRole("member", "member")).toBe(true);
    expect(hasRole("viewer", "member")).toBe(false);
    expect(hasRole("member", "admin")).toBe(false);
    expect(hasRole("superuser", "viewer")).toBe(false);
    expect(hasRole(null, "viewer")).toBe(false);
    expect(isRole("viewer")).toBe(true);
  });
});

describe("users and API tokens", () => {
  it("creates users with sensible passwords only", async () => {
    await expect(createUser({ email: "not-an-email", password: "long enough password", role: "member" })).rejects.toBeInstanceOf(UserInputError);
    await expect(createUser({ email: "a@example.com", password: "short", role: "member" })).rejects.toThrow(/at least 10/);
    await expect(createUser({ email: "a@example.com", password: "aaaaaaaaaaaa", role: "member" })).rejects.toThrow(/too easy/);
    const user = await createUser({ email: "Mia@Example.com", password: "a fine passphrase", role: "member" });
    expect(user.email).toBe("mia@example.com");
    expect((await prisma().user.findUnique({ where: { email: "mia@example.com" } }))?.role).toBe("member");
    const account = await prisma().account.findFirst({ where: { userId: user.id } });
    expect(account?.password).toBeTruthy();
    expect(account?.password).not.toContain("a fine passphrase");
    await expect(createUser({ email: "mia@example.com", password: "another passphrase", role: "viewer" })).rejects.toThrow(/already exists/);
  });

  it("stores only a hash of a token, which acts as its user until revoked or the user is disabled", async () => {
    const user = await createUser({ email: "bot@example.com", password: "robot passphrase", role: "viewer" });
    const { id, token } = await createApiToken(user.id, "sync");
    const stored = await prisma().apiToken.findUniqueOrThrow({ where: { id } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect((await userForToken(token))?.email).toBe("bot@example.com");
    expect(await userForToken("rbd_wrong")).toBeNull();
    expect(await userForToken("no-prefix")).toBeNull();

    await setUserDisabled(user.id, true);
    expect(await userForToken(token)).toBeNull();
    await setUserDisabled(user.id, false);
    expect((await userForToken(token))?.email).toBe("bot@example.com");

    expect(await revokeApiToken(id)).toBe(true);
    expect(await userForToken(token)).toBeNull();
    expect(await revokeApiToken(id)).toBe(false);
  });
});

describe("sign-in throttling", () => {
  it("lets a few mistakes pass, then slows, then blocks for a while (not forever)", async () => {
    const keys = throttleKeys("Victim@Example.com", "203.0.113.9");
    expect(keys).toEqual(["email:victim@example.com", "ip:203.0.113.9"]);
    const now = new Date("2026-11-27T10:00:00Z");
    for (let i = 0; i < 3; i++) await recordFailure(keys, now);
    expect(await checkThrottle(keys, now)).toEqual({ delayMs: 250, blockedUntil: null });
    await recordFailure(keys, now);
    expect((await checkThrottle(keys, now)).delayMs).toBe(500);
    for (let i = 4; i < BLOCK_AFTER; i++) await recordFailure(keys, now);
    const blocked = await checkThrottle(keys, now);
    expect(blocked.blockedUntil?.getTime()).toBe(now.getTime() + BLOCK_MINUTES * 60_000);
    const later = new Date(now.getTime() + (BLOCK_MINUTES + 1) * 60_000);
    expect((await checkThrottle(keys, later)).blockedUntil).toBeNull();
    await clearFailures(keys);
    expect(await checkThrottle(keys, now)).toEqual({ delayMs: 0, blockedUntil: null });
  });
});

describe("session cookies", () => {
  async function signInOver(headers: Record<string, string>) {
    const { auth } = await import("@/lib/auth/auth");
    const h = new Headers({ host: "rebound.intranet:3000", ...headers });
    const response = await auth(h).api.signInEmail({ body: { email: "cookie@example.com", password: "a fine passphrase" }, headers: h, asResponse: true });
    expect(response.status).toBe(200);
    return response.headers.getSetCookie().find((c) => c.includes("session_token")) ?? "";
  }

  it("are plain over http, on any host name, and Secure over https", async () => {
    await createUser({ email: "cookie@example.com", password: "a fine passphrase", role: "member" });
    const overHttp = await signInOver({ "x-rebound-proto": "http" });
    expect(overHttp).toMatch(/^better-auth\.session_token=/);
    expect(overHttp).not.toMatch(/;\s*Secure/i);
    const overHttps = await signInOver({ "x-rebound-proto": "https" });
    expect(overHttps).toMatch(/^__Secure-better-auth\.session_token=/);
    expect(overHttps).toMatch(/;\s*Secure/i);
  });

  it("read the session back under the name the protocol gave it", async () => {
    const { auth } = await import("@/lib/auth/auth");
    const cookie = (await signInOver({ "x-rebound-proto": "http" })).split(";")[0];
    const session = await auth(new Headers({ "x-rebound-proto": "http" })).api.getSession({ headers: new Headers({ cookie }) });
    expect(session?.user.email).toBe("cookie@example.com");
  });
});

describe("sign-in throttle keys", () => {
  const signIn = (body: BodyInit, headers: Record<string, string>) =>
    new Request("http://rebound.intranet/api/auth/sign-in/email", { method: "POST", body, headers });

  it("read the email of a form-encoded sign-in, so form sign-ins do not share one counter", async () => {
    const form = new URLSearchParams({ email: "Ana@Example.com", password: "x" });
    expect(await signInKeys(signIn(form, { "content-type": "application/x-www-form-urlencoded", "x-rebound-peer": "192.0.2.7" }))).toEqual([
      "email:ana@example.com",
      "ip:192.0.2.7",
    ]);
    const json = JSON.stringify({ email: "ana@example.com", password: "x" });
    expect(await signInKeys(signIn(json, { "content-type": "application/json", "x-rebound-peer": "192.0.2.7" }))).toEqual([
      "email:ana@example.com",
      "ip:192.0.2.7",
    ]);
  });

  it("ignore an X-Forwarded-For that no trusted proxy wrote", async () => {
    const json = JSON.stringify({ email: "ana@example.com", password: "x" });
    const keys = await signInKeys(signIn(json, { "content-type": "application/json", "x-forwarded-for": "6.6.6.6", "x-rebound-peer": "192.0.2.7" }));
    expect(keys).toContain("ip:192.0.2.7");
    expect(keys).not.toContain("ip:6.6.6.6");
  });
});
