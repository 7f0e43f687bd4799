import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { makeZip } from "../test/helpers/make-zip";
import { uploadThroughPage } from "./helpers";

const FORMATS = path.resolve(__dirname, "../test/fixtures/formats");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-e2e-formats-"));
test.afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("a Mailchimp audience zip: the cleaned file is imported, the page names the files left out", async ({ page }) => {
  const file = path.join(tmp, "members_export_e2e.zip");
  const member = (name: string, fixture: string) => ({ name, data: fs.readFileSync(path.join(FORMATS, fixture)) });
  fs.writeFileSync(
    file,
    makeZip([
      member("subscribed_members_export_e2e.csv", "mailchimp-subscribed.csv"),
      member("unsubscribed_members_export_e2e.csv", "mailchimp-unsubscribed.csv"),
      member("cleaned_members_export_e2e.csv", "mailchimp-cleaned.csv"),
    ]),
  );
  await uploadThroughPage(page, file);
  await expect(page.getByTestId("import-status")).toHaveText("Done");
  const archive = page.getByTestId("archive");
  await expect(archive).toContainText("imported cleaned_members_export_e2e.csv");
  await expect(archive).toContainText("subscribed_members_export_e2e.csv: Mailchimp's subscribed contacts");
  await expect(archive).toContainText("unsubscribed_members_export_e2e.csv: Mailchimp's unsubscribed contacts");
});

test("skipped rows are counted per reason", async ({ page }) => {
  await uploadThroughPage(page, path.join(FORMATS, "sendgrid-activity.csv"));
  await expect(page.getByTestId("count-skipped")).toHaveText("5");
  await expect(page.getByTestId("skip-reasons")).toContainText("1 row: dropped by SendGrid, never sent");
  await expect(page.getByText("Recognised as: SendGrid bounces")).toBeVisible();
});

test("rows without a date are counted, and their date shows as unknown", async ({ page }) => {
  const email = `undated-${Date.now()}@e2e-formats.example`;
  const file = path.join(tmp, "no-dates.csv");
  fs.writeFileSync(file, `email,status\n${email},5.1.1\n`);
  await uploadThroughPage(page, file);
  await expect(page.getByTestId("undated")).toContainText("1 row dated at import: the file has no date column");

  const found = await (await page.request.get(`/api/subscribers?q=${encodeURIComponent(email)}`)).json();
  await page.goto(`/subscribers/${found.data[0].id}`);
  await expect(page.getByTestId("bounce-date")).toContainText("Unknown");
  await expect(page.getByText("last bounce date unknown")).toBeVisible();
  await expect(page.getByTestId("no-diagnostic")).toHaveText("The platform gave no reason for this bounce.");
});
