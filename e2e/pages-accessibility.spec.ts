import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ANONYMOUS, FIXTURES, uploadThroughPage } from "./helpers";

test.describe.configure({ mode: "serial" });

/** The WCAG 2.0 and 2.1 rules, levels A and AA. */
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Serious and critical axe-core violations on the page as it is now, one readable line per element. */
async function violations(page: Page, where: string): Promise<string[]> {
  // Charts draw once their box is measured: audit what a visitor sees, not a half-built page.
  await expect(page.locator(".chart-box:not(:has(svg))")).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) at ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ")}`));
}

async function visit(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

// The mailgun export holds the same subscribers as the PowerMTA one core.spec counts, but Rebound
// classifies six of its replies otherwise than PowerMTA did: this file's name sorts it after core.spec.
test("every page of the navigation, a category, a subscriber and an import pass axe-core (WCAG 2.1 AA)", async ({ page }) => {
  test.setTimeout(180_000);
  await visit(page, "/");
  const found = await violations(page, "/ (before the upload)");
  await uploadThroughPage(page, path.join(FIXTURES, "mailgun-bounces.csv"));
  await expect(page.getByTestId("import-status")).toHaveText("Done");
  found.push(...(await violations(page, new URL(page.url()).pathname)));

  await visit(page, "/");
  const nav = page.getByRole("navigation", { name: "Main" });
  const hrefs = await nav.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  expect(hrefs).toEqual(expect.arrayContaining(["/", "/insights", "/imports", "/categories", "/tasks", "/activity", "/settings"]));
  for (const url of [...hrefs, "/categories/bad-mailbox", "/categories/bad-mailbox/domains"]) {
    await visit(page, url);
    found.push(...(await violations(page, url)));
  }

  // A domain's contact form, open.
  await page
    .getByRole("button", { name: /^(Add|Edit) contact of the administrator/ })
    .first()
    .click();
  found.push(...(await violations(page, "/categories/bad-mailbox/domains (contact form)")));

  // The insights' charts shown as tables: the tables scroll in their own box.
  await visit(page, "/insights?range=all");
  const toTable = page.getByRole("button", { name: "View as table", disabled: false });
  for (let left = await toTable.count(); left > 0; left--) await toTable.first().click();
  await expect(toTable).toHaveCount(0);
  found.push(...(await violations(page, "/insights (tables)")));

  await visit(page, "/categories/bad-mailbox?sort=email");
  await page.getByRole("table", { name: "Subscribers in this category" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/subscribers\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  found.push(...(await violations(page, "/subscribers/:id")));
  // The edit forms, open.
  await page.getByRole("button", { name: "Edit contact details" }).click();
  found.push(...(await violations(page, "/subscribers/:id (contact form)")));

  expect(found, found.join("\n")).toEqual([]);
});

test("the sign-in page passes axe-core too", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ANONYMOUS });
  const page = await context.newPage();
  await visit(page, "/login");
  expect(await violations(page, "/login")).toEqual([]);
  await context.close();
});

test("on a phone, the header and its open menu pass axe-core", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await visit(page, "/");
  const found = await violations(page, "/ at 390 px");
  await page.getByRole("button", { name: "Menu" }).click();
  found.push(...(await violations(page, "/ at 390 px, menu open")));
  for (const url of ["/insights", "/imports", "/categories/bad-mailbox", "/tasks", "/activity", "/settings"]) {
    await visit(page, url);
    found.push(...(await violations(page, `${url} at 390 px`)));
  }
  expect(found, found.join("\n")).toEqual([]);
});
