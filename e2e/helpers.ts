import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const FIXTURES = path.resolve(__dirname, "../../shared/fixtures");

/** Uploads a file through the page's file picker and waits for its import to finish. */
export async function uploadThroughPage(page: Page, file: string) {
  await page.goto("/imports");
  await page.getByLabel("Choose a file…").setInputFiles(file);
  await expect(page).toHaveURL(/\/imports\/[\w-]+$/);
  await expect(page.getByTestId("import-status")).toHaveText(/Done|Failed/, { timeout: 30_000 });
}
