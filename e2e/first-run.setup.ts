import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE } from "../playwright.config";
import { ADMIN } from "./helpers";

setup("first run: the setup page creates the admin, who lands signed in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Rebound" })).toBeVisible();
  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "at least 10 characters" })).toBeVisible();
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByTestId("whoami")).toHaveText(ADMIN.name);
  // Once someone exists, the setup page is closed.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/$/);
  await page.context().storageState({ path: ADMIN_STATE });
});
