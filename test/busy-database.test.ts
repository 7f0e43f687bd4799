import { FIXTURES, testDbFile } from "./helpers/test-db";
import path from "node:path";
import Database from "better-sqlite3";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { PATCH as patchTask } from "@/app/api/tasks/[id]/route";
import { PATCH as patchSubscriber } from "@/app/api/subscribers/[id]/route";
import { GET as health } from "@/app/api/health/route";
import { GET as listSubscribers } from "@/app/api/subscribers/route";
import { WRITE_WAIT_MS } from "@/lib/db/busy";
import { sqlite } from "@/lib/db/sqlite";
import { apiTokenFor } from "./helpers/api-token";
import { importFile } from "./helpers/import-file";

/**
 * Another process holds the write lock (an import, a rollback, `sqlite3` in a shell): the server must
 * keep answering, writes must wait for the lock without freezing the event loop, and a write that
 * cannot get in answers a clear JSON error with nothing half-done.
 */
/** Far below a held lock's 600 ms, far above a busy machine's timer jitter. */
const MAX_STALL_MS = 200;
let token = "";
let subscriberId = 0;
let taskId = "";

beforeAll(async () => {
  await importFile(path.join(FIXTURES, "powermta-acct.csv"));
  token = await apiTokenFor("busy.member@example.com", "member");
  const row = sqlite().prepare("SELECT id, category FROM Subscriber ORDER BY id LIMIT 1").get() as { id: number; category: string };
  subscriberId = row.id;
  // Compile Prisma's queries once, so first-use work is not mistaken for waiting.
  const { saveDomainContact } = await import("@/lib/queries/domains");
  await saveDomainContact("warm.example", { name: "Warm" }, "Ana");
  taskId = `subscriber~${row.id}~${row.category}~${row.category === "inactive-mailbox" ? "confirm-address" : "phone-subscriber"}`;
});

function request(method: string, url: string, body?: unknown) {
  return new NextRequest(`http://localhost${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Holds BEGIN IMMEDIATE from a connection of its own for `ms`, released by a timer on this thread. */
function holdWriteLock(ms: number): Promise<void> {
  const other = new Database(testDbFile);
  other.exec("BEGIN IMMEDIATE");
  return new Promise((resolve) =>
    setTimeout(() => {
      other.exec("COMMIT");
      other.close();
      resolve();
    }, ms),
  );
}

/** The longest gap between ticks of a 5 ms timer while `work` runs: how long the event loop froze. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    return { result, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe("while another connection holds the write lock", () => {
  it("a tick waits for the lock without freezing the server, then is kept", async () => {
    const held = holdWriteLock(600);
    const { result, stallMs } = await longestStall(async () => {
      const [tick, ping] = await Promise.all([
        patchTask(request("PATCH", `/api/tasks/${taskId}`, { done: true }), { params: Promise.resolve({ id: taskId }) }),
        health(),
      ]);
      return { tick, ping };
    });
    await held;
    expect(result.ping.status).toBe(200);
    expect(result.tick.status).toBe(200);
    expect((await result.tick.json()).done).toBe(true);
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
  });

  it("writes through Prisma, single or batched, wait for the lock the same way", async () => {
    const { saveDomainContact } = await import("@/lib/queries/domains");
    const { createUser, setUserDisabled } = await import("@/lib/auth/users");
    const user = await createUser({ email: "to.disable@example.com", password: "a fine passphrase", role: "viewer" });
    const held = holdWriteLock(600);
    const { stallMs } = await longestStall(() =>
      Promise.all([saveDomainContact("busy.example", { name: "Bea Admin" }, "Ana"), setUserDisabled(user.id, true)]),
    );
    await held;
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
    expect(sqlite().prepare("SELECT name FROM DomainContact WHERE domain = 'busy.example'").pluck().get()).toBe("Bea Admin");
    expect(sqlite().prepare("SELECT banned FROM User WHERE id = ?").pluck().get(user.id)).toBe(1);
  });

  it("reads answer at once", async () => {
    const held = holdWriteLock(2_000);
    const started = performance.now();
    const list = await listSubscribers(request("GET", "/api/subscribers?pageSize=5"));
    const ping = await health();
    expect(performance.now() - started).toBeLessThan(500);
    expect(list.status).toBe(200);
    expect(ping.status).toBe(200);
    await held;
  });

  it("a write that cannot get in answers 503 with a JSON error once it has waited its turn, and changes nothing", async () => {
    const held = holdWriteLock(WRITE_WAIT_MS + 1_500);
    const started = performance.now();
    const { result: response, stallMs } = await longestStall(() =>
      patchSubscriber(request("PATCH", `/api/subscribers/${subscriberId}`, { name: "Never Saved" }), { params: Promise.resolve({ id: String(subscriberId) }) }),
    );
    const elapsed = performance.now() - started;
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ error: { code: "database-busy", message: expect.stringMatching(/busy.*try again/i) } });
    expect(elapsed).toBeGreaterThanOrEqual(WRITE_WAIT_MS - 50);
    expect(elapsed).toBeLessThan(WRITE_WAIT_MS + 500);
    expect(stallMs).toBeLessThan(MAX_STALL_MS);
    await held;
    expect(sqlite().prepare("SELECT name FROM Subscriber WHERE id = ?").pluck().get(subscriberId)).not.toBe("Never Saved");
  });

  it("a request with an API token is not slowed or failed by the token's bookkeeping", async () => {
    sqlite().prepare("UPDATE ApiToken SET lastUsedAt = NULL").run();
    const held = holdWriteLock(2_000);
    const started = performance.now();
    const list = await listSubscribers(request("GET", "/api/subscribers?pageSize=5"));
    expect(list.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(500);
    await held;
  });
});
