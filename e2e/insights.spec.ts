import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { FIXTURES } from "./helpers";

test.describe.configure({ mode: "serial" });

type Category = { code: string; label: string; subscribers: number };
type InsightsJson = {
  categories: Category[];
  domains: { rows: { domain: string; subscribers: number; topCategory: string }[] };
  timeline: { points: { start: string; total: number }[] };
  kpis: { subscribers: { current: number }; bounces: { current: number } };
};

/** Uploads through the API and waits for the import to finish (specs share one database). */
async function upload(request: APIRequestContext, file: string) {
  const res = await request.post("/api/imports", {
    multipart: { file: { name: path.basename(file), mimeType: "text/csv", buffer: fs.readFileSync(file) } },
  });
  expect(res.status()).toBe(202);
  const { id } = await res.json();
  await expect.poll(async () => (await (await request.get(`/api/imports/${id}`)).json()).status, { timeout: 30_000 }).toMatch(/done|failed/);
  return id as string;
}

const byDescending = (cats: Category[]) => cats.filter((c) => c.subscribers > 0).sort((a, b) => b.subscribers - a.subscribers);

test("the charts draw what the API counts, a category bar opens its page, the table shows the same numbers", async ({ page, request }) => {
  await upload(request, path.join(FIXTURES, "powermta-acct.csv"));
  const data = (await (await request.get("/api/insights?range=all")).json()) as InsightsJson;
  const bars = byDescending(data.categories);
  expect(bars.length).toBeGreaterThan(0);

  await page.goto("/insights?range=all");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Insights");
  await expect(page.getByTestId("insights-kpi-subscribers")).toHaveText(data.kpis.subscribers.current.toLocaleString("en"));
  await expect(page.getByTestId("insights-kpi-bounces")).toHaveText(data.kpis.bounces.current.toLocaleString("en"));

  const categories = page.getByTestId("chart-categories");
  await expect(categories.locator(".recharts-bar-rectangle")).toHaveCount(bars.length);
  await expect(page.getByTestId("chart-domains").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("chart-timeline").locator(".recharts-bar-rectangle").first()).toBeVisible();

  // The table view: same categories, same order, same numbers.
  await categories.getByRole("button", { name: "View as table" }).click();
  const rows = categories.locator("table tbody tr");
  await expect(rows).toHaveCount(data.categories.length);
  for (const [i, c] of bars.entries()) {
    await expect(rows.nth(i).locator("th")).toHaveText(c.label);
    await expect(rows.nth(i).locator("td").last()).toHaveText(c.subscribers.toLocaleString("en"));
  }
  const timeline = page.getByTestId("chart-timeline");
  await timeline.getByRole("button", { name: "View as table" }).click();
  await expect(timeline.locator("table tbody tr")).toHaveCount(data.timeline.points.length);

  // Back to the chart, and a click on the largest bar opens that category with the filters.
  await categories.getByRole("button", { name: "View as chart" }).click();
  await categories.locator(".recharts-bar-rectangle").first().click();
  await expect(page).toHaveURL(new RegExp(`/categories/${bars[0].code}\\?range=all$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(bars[0].label);
});

test("a domain bar opens that domain's subscribers; filters live in the URL; CSV downloads", async ({ page, request }) => {
  const data = (await (await request.get("/api/insights?range=all")).json()) as InsightsJson;
  const top = data.domains.rows[0];
  await page.goto("/insights?range=all");
  await page.getByTestId("chart-domains").locator(".recharts-bar-rectangle").first().click();
  await expect(page).toHaveURL(new RegExp(`/categories/${top.topCategory}\\?range=all&q=${top.domain.replace(/\./g, "\\.")}$`));
  await expect(page.getByRole("link", { name: new RegExp(`@${top.domain.replace(/\./g, "\\.")}$`) }).first()).toBeVisible();

  await page.goto("/insights?range=all");
  await page.getByLabel("Category group").selectOption("address");
  await expect(page).toHaveURL(/group=address/);
  const hard = (await (await request.get("/api/insights?range=all&group=address")).json()) as InsightsJson;
  await expect(page.getByTestId("chart-categories").locator(".recharts-bar-rectangle")).toHaveCount(byDescending(hard.categories).length);

  const csv = await request.get("/api/insights/categories?range=all&group=address");
  expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("category,code,group,subscribers");
  expect(lines).toHaveLength(1 + hard.categories.length);
});

test("a bar clicked with imports chosen opens the category narrowed the same way, until 'show all'", async ({ page, request }) => {
  // An import of our own, so the counts are ours alone whatever the other specs uploaded.
  const rows = ["email,date,status,diagnostic"];
  for (let i = 0; i < 7; i++) rows.push(`narrow${i}@insights-period.example,2026-11-0${1 + i},5.2.2,552 5.2.2 Mailbox full`);
  for (let i = 0; i < 3; i++) rows.push(`narrow-bad${i}@insights-period.example,2026-11-02,5.1.1,550 5.1.1 User unknown`);
  const file = path.join(fs.mkdtempSync(path.join((await import("node:os")).tmpdir(), "rebound-e2e-")), "period.csv");
  fs.writeFileSync(file, rows.join("\n"));
  const id = await upload(request, file);

  await page.goto(`/insights?range=all&imports=${id}`);
  const bars = page.getByTestId("chart-categories").locator(".recharts-bar-rectangle");
  await expect(bars).toHaveCount(2);
  await bars.first().click();
  await expect(page).toHaveURL(new RegExp(`/categories/quota-issues\\?range=all&imports=${id}$`));
  await expect(page.getByRole("status").filter({ hasText: "1 import" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Subscribers (7)" })).toBeVisible();
  await expect(page.getByRole("link", { name: /@insights-period\.example$/ })).toHaveCount(7);

  await page.getByRole("link", { name: "Show all subscribers of this category" }).click();
  await expect(page).toHaveURL(/\/categories\/quota-issues$/);
  await expect(page.getByRole("heading", { level: 2, name: /^Subscribers \((\d+)\)$/ })).not.toHaveText("Subscribers (7)");
});
