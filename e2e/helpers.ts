import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const FIXTURES = path.resolve(__dirname, "../test/fixtures/exports");

/** Uploads a file through the page's file picker and waits for its import to finish. */
export async function uploadThroughPage(page: Page, file: string) {
  await page.goto("/imports");
  await page.getByLabel("Choose a file…").setInputFiles(file);
  await expect(page).toHaveURL(/\/imports\/[\w-]+$/);
  await expect(page.getByTestId("import-status")).toHaveText(/Done|Failed/, { timeout: 30_000 });
}

export const ADMIN = { name: "Ada Admin", email: "ada@rebound.test", password: "a long admin passphrase" };
export const ANONYMOUS = { cookies: [], origins: [] };

/** Signs in through the login page. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
