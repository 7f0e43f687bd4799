import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, uploadThroughPage } from "./helpers";

test.describe.configure({ mode: "serial" });

// Addresses and a reply of this spec's own: no other spec's data has them.
const DOMAIN = "corrections-e2e.example";
const REPLY = (email: string) => `550 5.1.1 <${email}>: Recipient address rejected: mailbox parked by the archive service`;
const REALLY = { code: "inactive-mailbox", label: "Inactive or disabled mailbox" };

function csvFile(name: string, emails: string[], date: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rebound-e2e-")), name);
  fs.writeFileSync(file, ["email,date,status,diagnostic", ...emails.map((e) => `${e},${date},5.1.1,${REPLY(e)}`)].join("\n"));
  return file;
}

async function subscriberId(page: Page, email: string): Promise<number> {
  const list = await (await page.request.get(`/api/subscribers?q=${encodeURIComponent(email)}`)).json();
  return list.data[0].id;
}

test("correct one bounce, apply it to the same reply, and a later import of that reply lands in the corrected category", async ({ page }) => {
  await uploadThroughPage(page, csvFile("parked.csv", [`ana@${DOMAIN}`, `bea@${DOMAIN}`, `carl@${DOMAIN}`], "2026-11-02"));
  await expect(page.getByTestId("count-accepted")).toHaveText("3");
  const before = await (await page.request.get(`/api/subscribers/${await subscriberId(page, `ana@${DOMAIN}`)}`)).json();
  expect(before.category).not.toBe(REALLY.code);

  // Ana's bounce is really an inactive mailbox.
  await page.goto(`/subscribers/${before.id}`);
  const bounces = page.getByTestId("bounces");
  await bounces.getByLabel("This is really…").selectOption({ label: REALLY.label });
  await bounces.getByRole("button", { name: "Correct" }).click();
  await expect(bounces.getByTestId("category-source")).toContainText(`corrected by ${ADMIN.name} on`);
  await expect(bounces.getByTestId("category-source")).toContainText("for this bounce only");
  await expect(page.getByRole("link", { name: REALLY.label }).first()).toBeVisible();
  await expect(page.getByTestId("history")).toContainText(`corrected a bounce from`);

  // The offer: the same correction for every bounce with the same reply.
  const offer = page.getByTestId("apply-offer");
  await expect(offer).toContainText("550 5.1.1 <{address}>: recipient address rejected: mailbox parked by the archive service");
  await offer.getByRole("button", { name: "Apply to every bounce with this reply" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Applied to every bounce with this reply: 2 bounces moved, 2 subscribers changed category." }),
  ).toBeVisible();
  await expect(bounces.getByTestId("category-source")).toContainText("for every bounce with this reply");

  // Bea and Carl moved with it.
  await page.goto(`/categories/${REALLY.code}?corrected=1&q=${DOMAIN}`);
  await expect(page.getByRole("heading", { name: "Subscribers (3)" })).toBeVisible();
  await expect(page.getByLabel("Only corrected by the team", { exact: false })).toBeChecked();

  // Next week's export has the same reply for someone new: it lands in the corrected category.
  await uploadThroughPage(page, csvFile("next-week.csv", [`dora@${DOMAIN}`], "2026-11-09"));
  await expect(page.getByTestId("count-accepted")).toHaveText("1");
  await page.goto(`/subscribers/${await subscriberId(page, `dora@${DOMAIN}`)}`);
  await expect(page.getByRole("link", { name: REALLY.label }).first()).toBeVisible();
  await expect(page.getByTestId("bounces").getByTestId("category-source")).toContainText(`corrected by ${ADMIN.name} on`);
  await expect(page.getByTestId("bounces").getByTestId("category-source")).toContainText("for every bounce with this reply");

  // Listed, exported, and undone from the corrections page.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Corrections" }).click();
  const row = page.getByTestId("corrections").getByRole("row").filter({ hasText: "mailbox parked by the archive service" });
  await expect(row).toContainText(REALLY.label);
  await expect(row).toContainText("Every bounce with this reply, later imports too");
  await expect(row.getByRole("cell").nth(3)).toHaveText("4");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv).toContain("reply,dsn_status,reply_code,category,rules_say,covers,corrected_by,corrected_at,bounces,reply_key");
  expect(csv).toContain(`${REALLY.code},`);

  await row.getByRole("button", { name: "Undo correction" }).click();
  await row.getByRole("button", { name: "Yes, undo" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Correction undone: 4 bounces moved, 4 subscribers changed category." })).toBeVisible();
  const after = await (await page.request.get(`/api/subscribers/${before.id}`)).json();
  expect(after.category).toBe(before.category);
});
