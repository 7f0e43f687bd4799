import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "../playwright.config";

const PHONE = { width: 390, height: 800 };

test("on a phone the header is one line; the keyboard opens the menu, walks it and closes it", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/tasks");
  const menu = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator(`#${await menu.getAttribute("aria-controls")}`)).toBeHidden();
  await expect(nav).toBeHidden();
  expect((await page.getByRole("banner").boundingBox())!.height, "header height").toBeLessThanOrEqual(64);
  await expect(page.getByRole("heading", { level: 1 })).toBeInViewport({ ratio: 1 });

  // Skip link, the name, then the menu button.
  for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
  await expect(menu).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Overview" })).toBeFocused();
  // Escape closes it and gives the focus back to the button.
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await expect(nav).toBeHidden();

  // The space bar opens it too; following a link closes it on the new page.
  await page.keyboard.press("Space");
  await expect(nav).toBeVisible();
  const activity = nav.getByRole("link", { name: "Activity" });
  while (!(await activity.evaluate((el) => el === document.activeElement))) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/activity$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Activity");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
});

test("on a phone the menu works by touch", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ADMIN_STATE, viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto("/");
  const menu = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await menu.tap();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await menu.tap();
  await expect(nav).toBeHidden();
  await menu.tap();
  await nav.getByRole("link", { name: "Open tasks" }).tap();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeInViewport({ ratio: 1 });
  await expect(nav).toBeHidden();
  await context.close();
});

test("on a wide screen every link shows, with no menu button", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Open tasks" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
});
