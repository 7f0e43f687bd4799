import fs from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { ADMIN, ANONYMOUS, signIn } from "./helpers";

const VIEWER = { email: "vera.viewer@rebound.test", password: "viewer passphrase 123" };

test("sign out, then sign in again", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ANONYMOUS });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, "not the password");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByTestId("whoami")).toHaveText(ADMIN.name);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/categories");
  await expect(page).toHaveURL(/\/login$/);
  await context.close();
});

test("an admin adds a viewer, who can read but not tick, import or export", async ({ page, browser }) => {
  const imported = await page.request.post("/api/imports", {
    multipart: {
      file: {
        name: "viewer.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("email,status,diagnostic\nread.only@viewer-test.example,5.1.1,550 5.1.1 user unknown\n"),
      },
    },
  });
  const { id: importId } = await imported.json();
  await expect.poll(async () => (await (await page.request.get(`/api/imports/${importId}`)).json()).status).toBe("done");
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Add a teammate" });
  await form.getByLabel("Name").fill("Vera Viewer");
  await form.getByLabel("Email").fill(VIEWER.email);
  await form.getByLabel("Initial password").fill(VIEWER.password);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("users")).toContainText(VIEWER.email);

  const context = await browser.newContext({ storageState: ANONYMOUS });
  const viewer = await context.newPage();
  await signIn(viewer, VIEWER.email, VIEWER.password);
  await expect(viewer.getByTestId("whoami")).toHaveText("Vera Viewer");
  await expect(viewer.getByRole("link", { name: "Settings & team" })).toHaveCount(0);

  await viewer.goto("/imports");
  await expect(viewer.getByText("Viewers can see imports but not upload")).toBeVisible();
  await viewer.goto("/categories/bad-mailbox?q=viewer-test.example");
  await viewer.getByRole("link", { name: "read.only@viewer-test.example" }).click();
  await expect(viewer.getByRole("checkbox").first()).toBeDisabled();

  const subscribers = await (await viewer.request.get("/api/subscribers?q=viewer-test.example")).json();
  const id = subscribers.data[0].id;
  const tick = await viewer.request.patch(`/api/tasks/subscriber~${id}~bad-mailbox~phone-subscriber`, { data: { done: true } });
  expect(tick.status()).toBe(403);
  expect((await viewer.request.get("/api/subscribers/export?category=bad-mailbox")).status()).toBe(403);
  const upload = await viewer.request.post("/api/imports", {
    multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("email\na@b.co\n") } },
  });
  expect(upload.status()).toBe(403);
  await context.close();
});

test("an API token works like a curl script, until it is revoked", async ({ page, baseURL }) => {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Create an API token" });
  await form.getByLabel("Token name").fill("nightly sync");
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^rbd_/);

  const api = await playwrightRequest.newContext({ baseURL, storageState: ANONYMOUS });
  expect((await api.get("/api/categories")).status()).toBe(401);
  const withToken = await api.get("/api/categories", { headers: { Authorization: `Bearer ${token}` } });
  expect(withToken.status()).toBe(200);
  expect(await withToken.json()).toHaveLength(16);
  // A header-only file: the upload is accepted (the token may import) and adds no subscriber.
  const upload = await api.post("/api/imports", {
    headers: { Authorization: `Bearer ${token}` },
    multipart: { file: { name: "token.csv", mimeType: "text/csv", buffer: Buffer.from("email,status,diagnostic\n") } },
  });
  expect(upload.status()).toBe(202);

  await page.reload();
  await page.getByRole("button", { name: "Revoke nightly sync" }).click();
  await expect(page.getByText("revoked")).toBeVisible();
  expect((await api.get("/api/categories", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
  await api.dispose();
});

/** Every page and API route under app/, as a URL with sample parameters. */
function routes(): { url: string; api: boolean; methods: string[] }[] {
  const found: { url: string; api: boolean; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page.tsx" || entry.name === "route.ts") {
        const rel = path
          .relative("app", path.dirname(full))
          .split(path.sep)
          .filter((s) => !/^\(.*\)$/.test(s));
        const url = "/" + rel.map((s) => (s.startsWith("[...") ? "x" : s === "[code]" ? "bad-mailbox" : s.startsWith("[") ? "1" : s)).join("/");
        const source = fs.readFileSync(full, "utf8");
        const methods =
          entry.name === "page.tsx"
            ? ["GET"]
            : ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => new RegExp(`export async function ${m}\\b`).test(source));
        found.push({ url, api: entry.name === "route.ts", methods });
      }
    }
  };
  walk("app");
  return found;
}

const PUBLIC = new Set(["/login", "/setup", "/api/health", "/api/setup", "/api/auth/x"]);

test("anonymous requests are refused on every page and API route", async ({ baseURL }) => {
  const api = await playwrightRequest.newContext({ baseURL, storageState: ANONYMOUS });
  const all = routes();
  expect(all.length).toBeGreaterThan(25);
  for (const r of all.filter((x) => !PUBLIC.has(x.url))) {
    for (const method of r.methods) {
      const res = await api.fetch(r.url, { method, maxRedirects: 0, data: method === "GET" ? undefined : {} });
      if (r.api) expect(res.status(), `${method} ${r.url}`).toBe(401);
      else {
        expect(res.status(), `${method} ${r.url}`).toBe(307);
        expect(res.headers()["location"], r.url).toMatch(/\/login$/);
      }
    }
  }
  // The open ones say nothing private: health, and setup which is closed once an admin exists.
  expect((await api.get("/api/health")).status()).toBe(200);
  expect((await api.post("/api/setup", { data: { name: "x", email: "x@example.com", password: "another long password" } })).status()).toBe(409);
  await api.dispose();
});

test("repeated bad sign-ins are slowed, then blocked for a while", async ({ baseURL }) => {
  const api = await playwrightRequest.newContext({ baseURL, storageState: ANONYMOUS });
  const attempt = async () => {
    const started = Date.now();
    const res = await api.post("/api/auth/sign-in/email", { data: { email: "mallory@rebound.test", password: "guess guess guess" } });
    return { status: res.status(), ms: Date.now() - started, body: await res.json().catch(() => null) };
  };
  const results = [];
  for (let i = 0; i < 8; i++) results.push(await attempt());
  expect(results.every((r) => r.status === 401)).toBe(true);
  expect(results[7].ms).toBeGreaterThan(results[0].ms + 1500);
  const blocked = await attempt();
  expect(blocked.status).toBe(429);
  expect(blocked.body.error.message).toMatch(/Try again in 15 minutes/);
  // The real admin is not locked out by someone else's guessing.
  const admin = await api.post("/api/auth/sign-in/email", { data: { email: ADMIN.email, password: ADMIN.password } });
  expect(admin.status()).toBe(200);
  await api.dispose();
});
