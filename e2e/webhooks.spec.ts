import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { ANONYMOUS, signIn } from "./helpers";

const MEMBER = { name: "Mo Member", email: "mo.member@rebound.test", password: "member passphrase 123" };
const ADDRESS = "full.box@hook-e2e.example";

test("an admin connects Postmark; its bounce arrives by itself, in the right category", async ({ page, baseURL }) => {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Connect a platform" });
  await form.getByLabel("Platform").selectOption("postmark");
  await form.getByLabel("Name").fill("Postmark outbound");
  await form.getByRole("button", { name: "Connect" }).click();

  const url = (await page.getByTestId("new-source-url").textContent())!.trim();
  const user = (await page.getByTestId("new-source-user").textContent())!.trim();
  const password = (await page.getByTestId("new-source-password").textContent())!.trim();
  expect(url).toMatch(new RegExp(`^${baseURL}/api/webhooks/postmark/[\\w-]+$`));
  expect(user).toMatch(/^rebound-/);
  expect(password.length).toBeGreaterThan(20);

  // Shown once: after a reload, the user is listed but the password is nowhere on the page.
  await page.reload();
  const card = page.getByRole("region", { name: "Source Postmark outbound" });
  await expect(card).toContainText(user);
  await expect(card).toContainText(new URL(url).pathname);
  await expect(page.getByText(password)).toHaveCount(0);

  const postmark = await playwrightRequest.newContext({ storageState: ANONYMOUS });
  // Only the webhook path itself goes without a session: managing sources still needs one.
  expect((await postmark.get(`${baseURL}/api/webhook-sources`)).status()).toBe(401);
  const bounce = {
    RecordType: "Bounce",
    MessageStream: "outbound",
    ID: 7_300_001,
    Type: "SoftBounce",
    TypeCode: 4096,
    Email: ADDRESS,
    BouncedAt: new Date().toISOString(),
    Details: "smtp;552 5.2.2 <b>over quota</b>: the mailbox is full",
  };
  const refused = await postmark.post(url, { data: bounce, headers: { Authorization: `Basic ${Buffer.from(`${user}:wrong`).toString("base64")}` } });
  expect(refused.status()).toBe(401);
  const accepted = await postmark.post(url, { data: bounce, headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` } });
  expect(accepted.status()).toBe(200);

  // Imported a few seconds later, through the same pipeline as an upload.
  await expect
    .poll(async () => (await (await page.request.get(`/api/subscribers?q=${encodeURIComponent(ADDRESS)}`)).json()).data[0]?.category, { timeout: 30_000 })
    .toBe("quota-issues");
  await page.goto(`/categories/quota-issues?q=hook-e2e.example`);
  await page.getByRole("link", { name: ADDRESS }).click();
  // A stranger's text is shown as text.
  await expect(page.getByText("<b>over quota</b>", { exact: false }).first()).toBeVisible();

  await page.goto("/settings");
  await expect(page.getByRole("region", { name: "Source Postmark outbound" }).getByTestId("source-counts")).toContainText(
    "1 accepted, 0 duplicates, 1 rejected",
  );
  await expect(page.getByRole("region", { name: "Source Postmark outbound" })).toContainText("wrong Basic-auth user or password: 1");
  // The Sources section with a source in it passes axe-core (WCAG 2.1 AA), like the other pages.
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, serious.join("\n")).toEqual([]);
  await page.goto("/imports");
  const dayImport = `Postmark webhook — ${new Date().toISOString().slice(0, 10)}`;
  await expect(page.getByText(dayImport)).toHaveCount(1);
  await page.getByRole("link", { name: dayImport }).click();
  await expect(page.getByTestId("fed-by")).toContainText("Fed by Postmark webhook; last bounce");
  await expect(page.getByTestId("fed-by")).toContainText("1 pass");
  await expect(page.getByTestId("count-accepted")).toHaveText("1");

  // Another bounce later that day: appended to the same import, whose page follows it live.
  const later = { ...bounce, ID: 7_300_003, Email: "second.box@hook-e2e.example", BouncedAt: new Date().toISOString() };
  const laterAnswer = await postmark.post(url, { data: later, headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` } });
  expect(laterAnswer.status()).toBe(200);
  await expect(page.getByTestId("count-accepted")).toHaveText("2", { timeout: 30_000 });
  await expect(page.getByTestId("fed-by")).toContainText("2 passes");
  await page.goto("/imports");
  await expect(page.getByText(dayImport)).toHaveCount(1);

  // Postmark then delivers to the address: the team finds it under "delivering again", to close it.
  const delivery = {
    RecordType: "Delivery",
    MessageStream: "outbound",
    ID: 7_300_002,
    MessageID: "e2e-delivery",
    Recipient: ADDRESS,
    DeliveredAt: new Date().toISOString(),
  };
  const delivered = await postmark.post(url, { data: delivery, headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` } });
  expect(delivered.status()).toBe(200);
  await postmark.dispose();
  await page.goto("/categories/quota-issues?q=hook-e2e.example");
  // The box drives the URL: the page comes back with it ticked.
  await page.getByLabel(/Only delivering again/).click();
  await expect(page).toHaveURL(/delivering=1/);
  await expect(page.getByLabel(/Only delivering again/)).toBeChecked();
  await page.getByRole("link", { name: ADDRESS }).click();
  await expect(page.getByTestId("delivered-since")).toContainText("Delivering again");
});

test("a member cannot see or use the Sources settings", async ({ page, browser }) => {
  const created = await page.request.post("/api/users", { data: { email: MEMBER.email, name: MEMBER.name, password: MEMBER.password, role: "member" } });
  expect(created.status()).toBe(201);
  const context = await browser.newContext({ storageState: ANONYMOUS });
  const member = await context.newPage();
  await signIn(member, MEMBER.email, MEMBER.password);
  await expect(member.getByTestId("whoami")).toHaveText(MEMBER.name);
  await expect(member.getByRole("link", { name: "Settings & team" })).toHaveCount(0);
  await member.goto("/settings");
  await expect(member).not.toHaveURL(/\/settings$/);
  await expect(member.getByRole("heading", { name: "Sources" })).toHaveCount(0);
  expect((await member.request.get("/api/webhook-sources")).status()).toBe(403);
  expect((await member.request.post("/api/webhook-sources", { data: { provider: "postmark" } })).status()).toBe(403);
  await context.close();
});
