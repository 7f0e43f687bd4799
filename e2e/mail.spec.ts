import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { mailFixture, makeMbox } from "../test/helpers/make-mbox";
import { uploadThroughPage } from "./helpers";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-e2e-mail-"));
test.afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("an mbox of bounce emails: counts, complaints apart, and the bounce email shown as text", async ({ page }) => {
  // Addresses of their own, so that a rerun against the same database is not all duplicates.
  const stamp = Date.now().toString(36);
  const own = (name: string) =>
    mailFixture(name)
      .toString("latin1")
      .replace(/\.example\b/g, `-${stamp}.example`);
  const file = path.join(tmp, "Bounces.mbox");
  fs.writeFileSync(
    file,
    makeMbox(
      ["postfix-dsn.eml", "exim-text.eml", "delayed-dsn.eml", "auto-reply.eml", "arf-complaint.eml", "script-in-reply.eml"].map((n) =>
        Buffer.from(own(n), "latin1"),
      ),
    ),
  );
  await uploadThroughPage(page, file);
  await expect(page.getByTestId("import-status")).toHaveText("Done");
  await expect(page.getByTestId("count-accepted")).toHaveText("4");
  await expect(page.getByTestId("count-skipped")).toHaveText("2");
  await expect(page.getByTestId("count-complaints")).toHaveText("1");
  await expect(page.getByTestId("skip-reasons")).toContainText("delay report");
  await expect(page.getByTestId("skip-reasons")).toContainText("auto-reply");

  const found = await (await page.request.get(`/api/subscribers?q=${encodeURIComponent(`victor.hugo@hostile-${stamp}.example`)}`)).json();
  await page.goto(`/subscribers/${found.data[0].id}`);
  await expect(page.getByTestId("bounce-email-source")).toContainText("from Bounces.mbox, message 6");
  const toggle = page.getByText("Show the bounce email");
  const raw = page.getByTestId("bounce-email-raw");
  await expect(raw).toBeHidden();
  await toggle.click();
  await expect(raw).toBeVisible();
  // The message's <script> is text on the page, not a script that ran.
  await expect(raw).toContainText("<script>alert('bounce')</script>");
  expect(await page.locator("script").filter({ hasText: "alert('bounce')" }).count()).toBe(0);
  await toggle.click();
  await expect(raw).toBeHidden();

  const spanish = await (await page.request.get(`/api/subscribers?q=${encodeURIComponent(`ana.lopez@correo-${stamp}.example`)}`)).json();
  await page.goto(`/subscribers/${spanish.data[0].id}`);
  await expect(page.getByTestId("bounced-subject")).toContainText("Ofertas de noviembre – sólo hoy");
});
