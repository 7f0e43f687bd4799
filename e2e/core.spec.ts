import path from "node:path";
import { expect, test } from "@playwright/test";
import { FIXTURES, uploadThroughPage } from "./helpers";

test.describe.configure({ mode: "serial" });

test("upload a PowerMTA export and see it on the overview", async ({ page }) => {
  await uploadThroughPage(page, path.join(FIXTURES, "powermta-acct.csv"));
  await expect(page.getByTestId("import-status")).toHaveText("Done");
  await expect(page.getByTestId("count-rows")).toHaveText("240");
  await expect(page.getByTestId("count-accepted")).toHaveText("240");
  await expect(page.getByTestId("count-rejected")).toHaveText("0");

  await page.getByRole("link", { name: "See the overview" }).click();
  await expect(page.getByTestId("kpi-subscribers")).toHaveText("240");
  await expect(page.getByTestId("category-count-bad-mailbox")).toHaveText("35");
  await expect(page.getByTestId("category-count-quota-issues")).toHaveText("21");
  await expect(page.getByTestId("category-count-no-answer-from-host")).toHaveText("6");
  // All 16 categories are always shown.
  await expect(page.locator('[data-testid^="category-card-"]')).toHaveCount(16);
  await expect(page.getByTestId("category-chart")).toBeVisible();
  // The chart's table for screen readers stays out of sight and adds no empty space below the page,
  // and the recent imports fit their third of the page at a laptop's width.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole("table", { name: "Subscribers per category" })).toBeAttached();
  const layout = await page.evaluate(() => {
    const recent = document.querySelector("[aria-labelledby='recent-imports'] .table-wrap")!;
    return {
      pageHeight: document.documentElement.scrollHeight,
      shellHeight: document.querySelector(".shell")!.getBoundingClientRect().height,
      recentOverflow: recent.scrollWidth - recent.clientWidth,
    };
  });
  expect(layout.pageHeight).toBeLessThanOrEqual(Math.ceil(layout.shellHeight));
  expect(layout.recentOverflow).toBe(0);
});

test("open bad-mailbox, search a subscriber, tick a step and find it ticked after reload", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("category-card-bad-mailbox").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mailbox does not exist");
  await expect(page.getByRole("heading", { name: "Subscribers (35)" })).toBeVisible();

  await page.getByLabel("Search by email or domain").fill("laura.garcia0");
  await expect(page).toHaveURL(/q=laura.garcia0/);
  await expect(page.getByRole("heading", { name: "Subscribers (1)" })).toBeVisible();
  await page.getByRole("link", { name: "laura.garcia0@acme-industrial.com" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("laura.garcia0@acme-industrial.com");
  const phone = page.getByRole("checkbox", { name: "Phone the subscriber so they involve their mail administrator" });
  await expect(phone).not.toBeChecked();
  await phone.check();
  await expect(page.getByTestId("subscriber-status")).toHaveText("In progress");
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Phone the subscriber so they involve their mail administrator" })).toBeChecked();
  await expect(page.getByTestId("history")).toContainText("ticked Phone the subscriber");
});

test("a domain step ticked on one subscriber is ticked for another of that domain", async ({ page }) => {
  await page.goto("/categories/bad-mailbox?q=acme-industrial.com&sort=email");
  const links = page.getByRole("link", { name: /@acme-industrial\.com$/ });
  await expect(links.first()).toBeVisible();
  expect(await links.count()).toBeGreaterThan(1);
  const first = (await links.nth(0).textContent())!;
  const second = (await links.nth(1).textContent())!;

  await links.nth(0).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first);
  await page.getByRole("checkbox", { name: "Administrator confirms the problem is solved" }).check();
  await expect(page.getByText(/Done .* by/).first()).toBeVisible();

  await page.goBack();
  await page.getByRole("link", { name: second, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(second);
  await expect(page.getByRole("checkbox", { name: "Administrator confirms the problem is solved" })).toBeChecked();
  // A subscriber-scope step stays per subscriber.
  await expect(page.getByRole("checkbox", { name: "Phone the subscriber so they involve their mail administrator" })).not.toBeChecked();
});

test("the category table keeps its state in the URL", async ({ page }) => {
  await page.goto("/categories/quota-issues");
  await page.getByRole("button", { name: /^Email/ }).click();
  await expect(page).toHaveURL(/sort=email/);
  const firstAsc = await page.locator("tbody tr").first().textContent();
  await page.getByRole("button", { name: /^Email/ }).click();
  await expect(page).toHaveURL(/sort=-email/);
  await expect(page.locator("tbody tr").first()).not.toHaveText(firstAsc!);
  // A copied link reproduces the view.
  const url = page.url();
  const other = await page.context().newPage();
  await other.goto(url);
  await expect(other.locator("tbody tr").first()).toHaveText((await page.locator("tbody tr").first().textContent())!);
});

test("on a phone, pages fit the screen, start with their heading, and wide tables scroll in their own box", async ({ page }) => {
  // The sales rep who makes the calls may look subscribers up on a phone.
  await page.setViewportSize({ width: 390, height: 800 });
  const { data } = await (await page.request.get("/api/subscribers?q=laura.garcia0")).json();
  for (const url of [
    "/",
    "/insights",
    "/imports",
    "/categories",
    "/categories/bad-mailbox",
    "/tasks",
    "/activity",
    "/settings",
    `/subscribers/${data[0].id}`,
  ]) {
    await page.goto(url);
    // The first screen shows the page's own heading, not a block of menu links.
    await expect(page.getByRole("heading", { level: 1 }), `${url}: heading in the first screen`).toBeInViewport({ ratio: 1 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${url} scrolls sideways`).toBeLessThanOrEqual(390);
  }
  // /tasks: its table is wider than the phone, and scrolls inside its box.
  await page.goto("/tasks");
  await expect(page.getByTestId("open-tasks")).toBeVisible();
  const table = await page.getByTestId("open-tasks").evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }));
  expect(table.table).toBeGreaterThan(table.box);
});

test("hostile text in a diagnostic is shown as literal text", async ({ page }) => {
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  await uploadThroughPage(page, path.join(FIXTURES, "xss-diagnostic.csv"));
  await expect(page.getByTestId("count-accepted")).toHaveText("3");
  await page.goto("/api/subscribers?q=victim@example.com");
  const body = JSON.parse((await page.locator("body").textContent())!);
  const id = body.data[0].id;
  await page.goto(`/subscribers/${id}`);
  await expect(page.getByTestId("diagnostic").first()).toHaveText("550 5.7.1 <img src=x onerror=alert(1)><script>alert('x')</script> blocked");
  await expect(page.getByTestId("subscriber-name")).toHaveText("<b>Bold</b> <script>alert('name')</script>");
  await expect(page.locator("img[src=x]")).toHaveCount(0);
  // And on the category list, where the name appears under the address.
  await page.goto(`/categories/${body.data[0].category}?q=victim`);
  await expect(page.getByText("<b>Bold</b> <script>alert('name')</script>")).toBeVisible();
  await expect(page.locator("table b")).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test("a bad file gives a clear error and leaves nothing behind", async ({ page }) => {
  await uploadThroughPage(page, path.join(FIXTURES, "bad-binary.csv"));
  await expect(page.getByTestId("import-status")).toHaveText("Failed");
  await expect(page.getByTestId("import-error")).toContainText(/not a CSV|zip|Excel/i);
  await expect(page.getByTestId("count-accepted")).toHaveText("0");
});

test("rejected rows are listed with their line numbers", async ({ page }) => {
  await uploadThroughPage(page, path.join(FIXTURES, "bad-mixed-rows.csv"));
  await expect(page.getByTestId("import-status")).toHaveText("Done");
  const table = page.getByTestId("rejected-rows");
  await expect(table).toContainText("not-an-email");
  await expect(table.locator("tbody tr").first().locator("td").first()).toHaveText("3");
  await expect(page.getByRole("link", { name: "Download them as CSV" })).toBeVisible();
});
