import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { uploadThroughPage } from "./helpers";

test.describe.configure({ mode: "serial" });

const DOMAIN = "bulk-team.example";

test("select 50 subscribers and tick a step for all of them", async ({ page }) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rebound-e2e-")), "quota-60.csv");
  const lines = ["email,date,status,diagnostic"];
  for (let i = 0; i < 60; i++) lines.push(`member${String(i).padStart(2, "0")}@${DOMAIN},2026-11-0${1 + (i % 9)},5.2.2,552 5.2.2 Mailbox full`);
  fs.writeFileSync(file, lines.join("\n"));
  await uploadThroughPage(page, file);
  await expect(page.getByTestId("count-accepted")).toHaveText("60");

  await page.goto(`/categories/quota-issues?q=${DOMAIN}&sort=email`);
  await expect(page.getByRole("heading", { name: "Subscribers (60)" })).toBeVisible();
  await page.getByRole("checkbox", { name: "Select all rows on this page" }).check();
  const bar = page.getByTestId("bulk-bar");
  await expect(bar).toContainText("50 selected");
  await bar.getByLabel("Action").selectOption({ label: "Tick: Phone the subscriber so they involve their mail administrator" });
  await bar.getByRole("button", { name: "Apply…" }).click();
  await expect(page.getByTestId("bulk-count")).toHaveText("50");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Done for 50 subscribers" })).toBeVisible();

  // The first 50 by email are in progress now; the other 10 are untouched.
  const inProgress = await (await page.request.get(`/api/subscribers?category=quota-issues&q=${DOMAIN}&status=in_progress&pageSize=100`)).json();
  expect(inProgress.count).toBe(50);
  const first = await (await page.request.get(`/api/subscribers/${inProgress.data[0].id}`)).json();
  expect(first.tasks.find((t: { step: string }) => t.step === "phone-subscriber").done).toBe(true);
  await page.goto(`/subscribers/${inProgress.data[0].id}`);
  await expect(page.getByTestId("history")).toContainText("ticked Phone the subscriber so they involve their mail administrator (quota-issues) — bulk");
});

test("mark one recovered and one unrecoverable, and find them in the two exports", async ({ page }) => {
  const list = await (await page.request.get(`/api/subscribers?q=${DOMAIN}&sort=email&pageSize=2`)).json();
  const [a, b] = list.data;

  await page.goto(`/subscribers/${a.id}`);
  await page.getByRole("radio", { name: "Recovered" }).check();
  await page.getByRole("button", { name: "Save status" }).click();
  await expect(page.getByTestId("subscriber-status")).toHaveText("Recovered");

  await page.goto(`/subscribers/${b.id}`);
  await page.getByRole("radio", { name: "Unrecoverable" }).check();
  await page.getByLabel("Why?").fill("Mailbox closed for good");
  await page.getByRole("button", { name: "Save status" }).click();
  await expect(page.getByTestId("subscriber-status")).toHaveText("Unrecoverable");
  await expect(page.getByTestId("history")).toContainText("marked unrecoverable: Mailbox closed for good");

  await page.goto("/");
  const [validate] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Addresses to validate again" }).click()]);
  const validateCsv = fs.readFileSync((await validate.path())!, "utf8");
  expect(validateCsv).toContain(a.email);
  expect(validateCsv).not.toContain(b.email);
  const [suppress] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Addresses to suppress" }).click()]);
  const suppressCsv = fs.readFileSync((await suppress.path())!, "utf8");
  expect(suppressCsv.charCodeAt(0)).toBe(0xfeff);
  expect(suppressCsv).toContain(b.email);
  expect(suppressCsv).not.toContain(a.email);

  await page.goto(`/activity?q=${encodeURIComponent("Mailbox closed for good")}`);
  await expect(page.getByTestId("activity")).toContainText("marked unrecoverable: Mailbox closed for good");
});

test("record a domain's administrator and tick a domain step from the domains view", async ({ page }) => {
  await page.goto("/categories/quota-issues/domains");
  const card = page.locator(`section[id="${DOMAIN}"]`);
  await card.getByRole("button", { name: `Add contact of the administrator for ${DOMAIN}` }).click();
  await card.getByLabel("Administrator's name").fill("Pat Postmaster");
  await card.getByLabel("Email").fill("postmaster@bulk-team.example");
  await card.getByRole("button", { name: "Save" }).click();
  await expect(card).toContainText("Pat Postmaster");
  await card.getByRole("checkbox", { name: "Administrator confirms the problem is solved" }).check();
  // The tick shows at once and saves in the background: reload once the page says who did it.
  await expect(card.getByText(/Done .* by/)).toBeVisible();
  await page.reload();
  await expect(page.locator(`section[id="${DOMAIN}"]`).getByRole("checkbox", { name: "Administrator confirms the problem is solved" })).toBeChecked();
});
