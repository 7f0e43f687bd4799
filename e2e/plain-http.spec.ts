import { expect, test } from "@playwright/test";
import { INTRANET_HOST } from "../playwright.config";
import { ADMIN, ANONYMOUS, signIn } from "./helpers";

// Browsers treat localhost as secure and accept Secure cookies there; any other name over plain
// http (a team's intranet server) drops them, so sign-in must not depend on them.
test("signs in over plain http on a host name that is not localhost", async ({ browser, baseURL }) => {
  const site = new URL(baseURL ?? "");
  site.hostname = INTRANET_HOST;
  const context = await browser.newContext({ storageState: ANONYMOUS, baseURL: site.origin });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByTestId("whoami")).toHaveText(ADMIN.name);
  await page.goto("/categories");
  await expect(page).toHaveURL(`${site.origin}/categories`);
  const session = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
  expect(session).toMatchObject({ name: "better-auth.session_token", secure: false, httpOnly: true, domain: INTRANET_HOST });
  await context.close();
});
