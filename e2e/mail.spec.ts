import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { mailFixture, makeMbox } from "../test/helpers/make-mbox";
import { generatedMail, generatedMailFamily } from "../test/helpers/mail-families";
import { uploadThroughPage } from "./helpers";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-e2e-mail-"));
test.afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("an mbox of bounce emails: counts, complaints listed apart, and the bounce email shown as text", async ({ page }) => {
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
      [
        ...["postfix-dsn.eml", "exim-text.eml", "delayed-dsn.eml", "auto-reply.eml", "arf-complaint.eml", "script-in-reply.eml"].map(own),
        // A complaint from a subscriber who also bounced: their page says so.
        own("arf-complaint.eml").replace(/grumpy\.reader@isp-/g, "victor.hugo@hostile-"),
      ].map((text) => Buffer.from(text, "latin1")),
    ),
  );
  await uploadThroughPage(page, file);
  await expect(page.getByTestId("import-status")).toHaveText("Done");
  await expect(page.getByTestId("count-accepted")).toHaveText("4");
  await expect(page.getByTestId("count-skipped")).toHaveText("2");
  await expect(page.getByTestId("count-complaints")).toHaveText("2");
  await expect(page.getByTestId("skip-reasons")).toContainText("delay report");
  await expect(page.getByTestId("skip-reasons")).toContainText("auto-reply");

  await page.getByTestId("complaints-link").click();
  await expect(page.getByRole("heading", { name: "Complaints", level: 1 })).toBeVisible();
  await expect(page.getByTestId("complaints-scope")).toContainText("2 complaints from Bounces.mbox");
  const grumpy = page
    .getByTestId("complaints")
    .getByRole("row")
    .filter({ hasText: `grumpy.reader@isp-${stamp}.example` });
  await expect(grumpy).toContainText("abuse");
  await expect(grumpy).toContainText("ISP-FBL/1.0");
  await expect(grumpy).toContainText("2026-11-13 16:18 UTC");
  await expect(grumpy).toContainText("Bounces.mbox, message 5");
  // Not a subscriber: the address is text, not a link.
  await expect(grumpy.getByRole("link", { name: `grumpy.reader@isp-${stamp}.example` })).toHaveCount(0);
  await page
    .getByTestId("complaints")
    .getByRole("link", { name: `victor.hugo@hostile-${stamp}.example` })
    .click();
  await expect(page.getByTestId("complained")).toContainText("complained on 2026-11-13 (abuse)");

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

test("a large mbox: the progress bar moves, and vacation replies are counted apart, not listed as bounces", async ({ page }) => {
  test.setTimeout(300_000);
  const stamp = Date.now().toString(36);
  const count = 17_000;
  const messages = Array.from({ length: count }, (_, n) => generatedMail(n));
  // One vacation reply from an address of its own, to look for among the subscribers afterwards.
  messages.push(
    Buffer.from(
      mailFixture("auto-reply.eml")
        .toString("latin1")
        .replace(/\.example\b/g, `-${stamp}.example`),
      "latin1",
    ),
  );
  const vacations = Array.from({ length: count }, (_, n) => generatedMailFamily(n)).filter((f) => f === "vacation").length + 1;
  const file = path.join(tmp, "Large.mbox");
  fs.writeFileSync(file, makeMbox(messages));

  await page.goto("/imports");
  await page.getByLabel("Choose a file…").setInputFiles(file);
  await expect(page).toHaveURL(/\/imports\/[\w-]+$/, { timeout: 60_000 });
  const status = page.getByTestId("import-status");
  const bar = page.getByTestId("import-progress");
  const percents = new Set<number>();
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (/Done|Failed/.test((await status.textContent()) ?? "")) break;
    const now = await bar.getAttribute("aria-valuenow", { timeout: 500 }).catch(() => null);
    if (now !== null) percents.add(Number(now));
    expect(Date.now()).toBeLessThan(deadline);
    await page.waitForTimeout(100);
  }
  await expect(status).toHaveText("Done");
  const between = [...percents].filter((p) => p > 0 && p < 100);
  expect(between.length, `percentages seen: ${[...percents].join(", ")}`).toBeGreaterThanOrEqual(1);

  const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, "[,.\\u00a0\\u202f ]?");
  await expect(page.getByTestId("skip-reasons")).toContainText(new RegExp(`${thousands(vacations)} rows: auto-reply`));
  const found = await (await page.request.get(`/api/subscribers?q=${encodeURIComponent(`claire.martin@agence-${stamp}.example`)}`)).json();
  expect(found.data).toHaveLength(0);
});
