import { expect, test } from "@playwright/test";

test("pages carry a nonce-based Content-Security-Policy and refuse framing", async ({ page }) => {
  const response = await page.goto("/");
  const csp = response!.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  // The page still works under the policy: client components hydrate and navigate.
  await page.getByRole("link", { name: "Upload & imports" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Upload & imports");
});

test("state-changing API calls from another site are refused", async ({ request }) => {
  const res = await request.patch("/api/tasks/domain~example.com~bad-mailbox~admin-confirms-fixed", {
    headers: { Origin: "http://evil.example" },
    data: { done: true },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("cross-origin");
});
