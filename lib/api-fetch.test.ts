import { afterEach, describe, expect, it, vi } from "vitest";
import { apiFetch, errorMessage, UNEXPECTED_ANSWER, UNREACHABLE } from "./api-fetch";

const answer = (status: number, body: string | null, type = "application/json") =>
  new Response(body, { status, headers: body === null ? {} : { "Content-Type": type } });

function stubFetch(impl: (url: string, init?: RequestInit) => Promise<Response>) {
  const spy = vi.fn(impl);
  vi.stubGlobal("fetch", spy);
  return spy;
}

afterEach(() => vi.unstubAllGlobals());

describe("apiFetch", () => {
  it("returns the JSON body of a success", async () => {
    stubFetch(async () => answer(200, JSON.stringify({ id: "a1", rows: 3 })));
    expect(await apiFetch<{ id: string; rows: number }>("/api/imports/a1")).toEqual({ ok: true, data: { id: "a1", rows: 3 } });
  });

  it("sends a plain object as JSON with its content type, and keeps the other options", async () => {
    const spy = stubFetch(async () => answer(200, "{}"));
    await apiFetch("/api/tasks/t1", { method: "PATCH", body: { done: true }, cache: "no-store" });
    const [url, init] = spy.mock.calls[0];
    expect(url).toBe("/api/tasks/t1");
    expect(init?.method).toBe("PATCH");
    expect(init?.cache).toBe("no-store");
    expect(init?.body).toBe('{"done":true}');
    expect(init?.headers).toEqual({ "Content-Type": "application/json" });
  });

  it("sends FormData as it is, without a JSON content type", async () => {
    const spy = stubFetch(async () => answer(200, "{}"));
    const form = new FormData();
    form.set("name", "x");
    await apiFetch("/api/x", { method: "POST", body: form });
    expect(spy.mock.calls[0][1]?.body).toBe(form);
    expect(spy.mock.calls[0][1]?.headers).toBeUndefined();
  });

  it("accepts an empty success (204)", async () => {
    stubFetch(async () => new Response(null, { status: 204 }));
    expect(await apiFetch("/api/tokens/1", { method: "DELETE" })).toEqual({ ok: true, data: null });
  });

  it("carries the server's own message and status when it refuses", async () => {
    stubFetch(async () => answer(409, JSON.stringify({ error: { code: "conflict", message: "This correction was already undone." } })));
    expect(await apiFetch("/api/corrections/4", { method: "DELETE" })).toEqual({ ok: false, status: 409, message: "This correction was already undone." });
  });

  it("says Rebound could not be reached when the network fails", async () => {
    stubFetch(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await apiFetch("/api/settings")).toEqual({ ok: false, status: 0, message: UNREACHABLE });
  });

  it("falls back to a message naming the status when an error is not JSON (a proxy's HTML page)", async () => {
    stubFetch(async () => answer(502, "<html>Bad gateway</html>", "text/html"));
    const res = await apiFetch("/api/settings");
    expect(res).toMatchObject({ ok: false, status: 502 });
    expect(!res.ok && res.message).toContain("server error 502");
  });

  it("refuses a success whose body is not JSON instead of handing back garbage", async () => {
    stubFetch(async () => answer(200, "<html>login</html>", "text/html"));
    expect(await apiFetch("/api/imports/a1")).toEqual({ ok: false, status: 200, message: UNEXPECTED_ANSWER });
  });
});

describe("errorMessage", () => {
  it("prefers the error's message, then a top-level message (the sign-in routes)", () => {
    expect(errorMessage({ error: { code: "x", message: "Name is too long." } }, 400)).toBe("Name is too long.");
    expect(errorMessage({ message: "Invalid email" }, 400)).toBe("Invalid email");
  });

  it("ignores empty or non-string messages and says what kind of failure it was", () => {
    expect(errorMessage({ error: { message: "  " } }, 403)).toBe("You are not allowed to do this.");
    expect(errorMessage({ error: { message: 42 } }, 401)).toBe("Your session has ended. Sign in again.");
    expect(errorMessage(null, 0)).toBe(UNREACHABLE);
    expect(errorMessage(null, 422)).toBe("Rebound refused this (error 422).");
  });
});
