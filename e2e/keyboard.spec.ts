import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";

const DOMAIN = "keyboard-only.example";

/**
 * Fails unless the focused element shows a focus ring (a visually hidden input shows it on its label).
 * Past the last element the focus leaves the page for the browser's own controls: nothing to show then.
 */
async function expectVisibleFocus(page: Page) {
  const focus = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { ok: true, what: "the browser", outline: "" };
    const label = (el as HTMLInputElement).labels?.[0];
    const shown = el.getBoundingClientRect().width <= 1 && label ? label : el;
    const style = getComputedStyle(shown);
    const box = shown.getBoundingClientRect();
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const what = `<${el.tagName.toLowerCase()}> "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 50)}"`;
    return {
      ok: ring && box.width > 1 && box.height > 1,
      what,
      outline: `${style.outlineStyle} ${style.outlineWidth}, ${Math.round(box.width)}x${Math.round(box.height)} px`,
    };
  });
  expect(focus.ok, `focus on ${focus.what} is not visible (${focus.outline})`).toBe(true);
}

/** Presses Tab until `target` has the focus, checking at every stop on the way that the focus shows. */
async function tabTo(page: Page, target: Locator, key: "Tab" | "Shift+Tab" = "Tab") {
  for (let stop = 0; stop < 120; stop++) {
    await page.keyboard.press(key);
    await expectVisibleFocus(page);
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${target} was not reached with ${key}`);
}

test("keyboard only: upload, open a category, select rows, tick a step, open a subscriber", async ({ page }) => {
  test.setTimeout(120_000);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rebound-e2e-")), "keyboard.csv");
  const lines = ["email,date,status,diagnostic"];
  for (let i = 0; i < 3; i++) lines.push(`reader${i}@${DOMAIN},2026-11-0${1 + i},5.2.1,550 5.2.1 The email account that you tried to reach is disabled`);
  fs.writeFileSync(file, lines.join("\n"));

  // Upload: the file picker opens from the keyboard.
  await page.goto("/imports");
  await tabTo(page, page.getByLabel("Choose a file…"));
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
  await chooser.setFiles(file);
  await expect(page).toHaveURL(/\/imports\/[\w-]+$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
  await expect(page.getByTestId("count-accepted")).toHaveText("3");

  // Open the category from the overview.
  await tabTo(page, page.getByRole("link", { name: "See the overview" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
  await tabTo(page, page.getByTestId("category-card-inactive-mailbox"));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/categories\/inactive-mailbox$/);

  // Narrow to our domain, then select two rows.
  await tabTo(page, page.getByLabel("Search by email or domain"));
  await page.keyboard.type(DOMAIN);
  await expect(page.getByRole("heading", { name: "Subscribers (3)" })).toBeVisible();
  for (const i of [0, 1]) {
    await tabTo(page, page.getByRole("checkbox", { name: `Select reader${i}@${DOMAIN}` }));
    await page.keyboard.press("Space");
  }
  const bar = page.getByTestId("bulk-bar");
  await expect(bar).toContainText("2 selected");

  // Tick a step for both: choose it with the arrow keys, apply, confirm.
  await tabTo(page, bar.getByLabel("Action"), "Shift+Tab");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(bar.getByLabel("Action")).toHaveValue("tick:phone-subscriber");
  await tabTo(page, bar.getByRole("button", { name: "Apply…" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("bulk-count")).toHaveText("2");
  await tabTo(page, page.getByRole("button", { name: "Confirm" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Done for 2 subscribers" })).toBeVisible();

  // Open a subscriber: the bulk tick is there, and one more step is ticked with the space bar.
  await tabTo(page, page.getByRole("link", { name: `reader0@${DOMAIN}` }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`reader0@${DOMAIN}`);
  await expect(page.getByRole("checkbox", { name: "Phone the subscriber so they involve their mail administrator" })).toBeChecked();
  const confirm = page.getByRole("checkbox", { name: "Confirm with the subscriber that the address is correct" });
  await tabTo(page, confirm);
  await page.keyboard.press("Space");
  await expect(confirm).toBeChecked();
  await expect(page.getByTestId("history")).toContainText("ticked Confirm with the subscriber that the address is correct");
});
