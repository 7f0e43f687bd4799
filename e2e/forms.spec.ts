import { expect, test, type Page } from "@playwright/test";
import { ANONYMOUS } from "./helpers";

test.describe.configure({ mode: "serial" });

let subscriber: { id: number; category: string };

// A subscriber of our own, in a category the other specs do not count.
test.beforeAll(async ({ request }) => {
  const csv =
    "email,name,phone,status,diagnostic\nfields@forms-spec.example,Fay Fields,+34 600000000,5.2.1,550 5.2.1 The email account that you tried to reach is disabled\n";
  const res = await request.post("/api/imports", { multipart: { file: { name: "forms.csv", mimeType: "text/csv", buffer: Buffer.from(csv) } } });
  const { id } = await res.json();
  await expect.poll(async () => (await (await request.get(`/api/imports/${id}`)).json()).status).toBe("done");
  subscriber = (await (await request.get("/api/subscribers?q=fields@forms-spec.example")).json()).data[0];
});

/** The look of every field on the page (not the small ones of toolbars), by its type. */
async function fieldLooks(page: Page) {
  return page.locator("input:not([type=checkbox], [type=radio], [type=file], [type=hidden]):not(.small), select:not(.small), textarea").evaluateAll((fields) =>
    fields.map((f) => {
      const s = getComputedStyle(f);
      const kind = f instanceof HTMLInputElement ? f.type : f.tagName.toLowerCase();
      const look = {
        font: `${s.fontSize} ${s.fontFamily}`,
        border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`,
        radius: s.borderTopLeftRadius,
        padding: `${s.paddingTop} ${s.paddingLeft}`,
      };
      // A textarea is taller by its rows; every one-line field is as tall as the others.
      return { kind, look, height: kind === "textarea" ? null : Math.round(f.getBoundingClientRect().height) };
    }),
  );
}

function expectOneStyle(fields: Awaited<ReturnType<typeof fieldLooks>>, kinds: string[]) {
  expect([...new Set(fields.map((f) => f.kind))].sort()).toEqual([...kinds].sort());
  for (const f of fields) expect(f.look, `the ${f.kind} field looks different from the first field`).toEqual(fields[0].look);
  const heights = fields.flatMap((f) => (f.height === null ? [] : [f.height]));
  expect(Math.max(...heights) - Math.min(...heights), `one-line field heights: ${heights.join(", ")}`).toBeLessThanOrEqual(2);
}

test("settings: the text, email and password inputs and the selects share one style", async ({ page }) => {
  await page.goto("/settings");
  expectOneStyle(await fieldLooks(page), ["text", "email", "password", "select"]);
});

test("a subscriber's contact, status, correction and note fields share that style", async ({ page }) => {
  await page.goto(`/subscribers/${subscriber.id}`);
  await page.getByRole("button", { name: "Edit contact details" }).click();
  await page.getByRole("radio", { name: "Unrecoverable" }).check();
  // The select is the bounce's "This is really …" category choice.
  expectOneStyle(await fieldLooks(page), ["text", "tel", "textarea", "select"]);
});

test("a domain's contact form shares that style", async ({ page }) => {
  await page.goto(`/categories/${subscriber.category}/domains`);
  await page.getByRole("button", { name: "Add contact of the administrator for forms-spec.example" }).click();
  expectOneStyle(await fieldLooks(page), ["text", "email", "tel", "textarea"]);
});

test("the sign-in form shares that style", async ({ browser }) => {
  const context = await browser.newContext({ storageState: ANONYMOUS });
  const page = await context.newPage();
  await page.goto("/login");
  expectOneStyle(await fieldLooks(page), ["email", "password"]);
  await context.close();
});
