import { FIXTURES } from "./helpers/test-db";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { getCategoryStats } from "@/lib/queries/categories";
import { iterateSubscriberExport } from "@/lib/queries/subscriber-export";
import { getSubscriber, listSubscribers, parseSubscriberFilter } from "@/lib/queries/subscribers";
import { TaskNotFoundError, updateTask } from "@/lib/queries/tasks";
import { importFile } from "./helpers/import-file";

const idOf = (email: string) => sqlite().prepare("SELECT id FROM Subscriber WHERE email = ?").pluck().get(email) as number;

// The xss fixture adds two more bad-mailbox subscribers (5.1.1): 35 + 2.
const BAD_MAILBOX = 37;

beforeAll(async () => {
  await importFile(path.join(FIXTURES, "powermta-acct.csv"));
  await importFile(path.join(FIXTURES, "xss-diagnostic.csv"));
});

describe("checklist ticks", () => {
  it("shares a domain step with every subscriber of that domain in that category", async () => {
    const acme = sqlite()
      .prepare("SELECT id FROM Subscriber WHERE category = 'bad-mailbox' AND domain = 'acme-industrial.com' ORDER BY email")
      .pluck()
      .all() as number[];
    expect(acme.length).toBeGreaterThan(1);
    const otherDomain = sqlite()
      .prepare("SELECT id FROM Subscriber WHERE category = 'bad-mailbox' AND domain <> 'acme-industrial.com' LIMIT 1")
      .pluck()
      .get() as number;

    const task = await updateTask("domain~acme-industrial.com~bad-mailbox~admin-confirms-fixed", { done: true, actor: "Ana" });
    expect(task).toMatchObject({ done: true, doneBy: "Ana", scope: "domain" });
    expect(task?.doneAt).toBeTruthy();

    for (const id of acme) {
      const s = (await getSubscriber(id))!;
      expect(s.tasks.find((t) => t.step === "admin-confirms-fixed")).toMatchObject({ done: true, doneBy: "Ana", sharedWith: acme.length });
      expect(s.tasks.find((t) => t.step === "phone-subscriber")?.done).toBe(false);
      expect(s.status).toBe("in_progress");
    }
    const other = (await getSubscriber(otherDomain))!;
    expect(other.tasks.find((t) => t.step === "admin-confirms-fixed")?.done).toBe(false);
    expect(other.status).toBe("open");

    await updateTask("domain~acme-industrial.com~bad-mailbox~admin-confirms-fixed", { done: false, actor: "Ana" });
    expect((await getSubscriber(acme[0]))!.status).toBe("open");
  });

  it("keeps a subscriber step to that subscriber and records who did it", async () => {
    const id = idOf("laura.garcia0@acme-industrial.com");
    const s = (await getSubscriber(id))!;
    const phone = s.tasks.find((t) => t.step === "phone-subscriber")!;
    expect(phone.id).toBe(`subscriber~${id}~bad-mailbox~phone-subscriber`);
    await updateTask(phone.id, { done: true, note: "Left a voicemail", actor: "Bea" });
    const after = (await getSubscriber(id))!;
    expect(after.tasks.find((t) => t.step === "phone-subscriber")).toMatchObject({ done: true, doneBy: "Bea", note: "Left a voicemail" });
    expect(after.status).toBe("in_progress");
    const neighbour = sqlite()
      .prepare("SELECT id FROM Subscriber WHERE category = 'bad-mailbox' AND domain = 'acme-industrial.com' AND id <> ? LIMIT 1")
      .pluck()
      .get(id) as number;
    expect((await getSubscriber(neighbour))!.tasks.find((t) => t.step === "phone-subscriber")?.done).toBe(false);
    const events = sqlite().prepare("SELECT actor, action, detail FROM Event WHERE subjectType = 'subscriber' AND subjectId = ?").all(String(id));
    expect(events).toEqual([
      { actor: "Bea", action: "task.done", detail: "Phone the subscriber so they involve their mail administrator (bad-mailbox) — Left a voicemail" },
    ]);
  });

  it("refuses a task that does not belong to anyone", async () => {
    await expect(updateTask("domain~nowhere.example~bad-mailbox~admin-confirms-fixed", { done: true, actor: "x" })).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(updateTask("subscriber~1~resend-later~phone-subscriber", { done: true, actor: "x" })).rejects.toBeInstanceOf(TaskNotFoundError);
  });
});

describe("category counts", () => {
  it("always lists all 16 categories and counts open tasks per scope", async () => {
    const stats = await getCategoryStats();
    expect(stats).toHaveLength(16);
    const bad = stats.find((s) => s.code === "bad-mailbox")!;
    expect(bad.subscribers).toBe(BAD_MAILBOX);
    const domains = sqlite().prepare("SELECT count(DISTINCT domain) FROM Subscriber WHERE category = 'bad-mailbox'").pluck().get() as number;
    // two subscriber steps each, one domain step per domain; laura's phone call is done.
    expect(bad.openTasks).toBe(BAD_MAILBOX * 2 + domains - 1);
    await updateTask(`domain~hotmail.es~bad-mailbox~admin-confirms-fixed`, { done: true, actor: "Ana" });
    expect((await getCategoryStats()).find((s) => s.code === "bad-mailbox")!.openTasks).toBe(BAD_MAILBOX * 2 + domains - 2);
    expect(stats.find((s) => s.code === "message-expired")!.openTasks).toBe(1); // one import
  });
});

describe("subscriber list", () => {
  it("filters, sorts and pages on the server", async () => {
    const page = await listSubscribers(parseSubscriberFilter({ category: "bad-mailbox", sort: "email", pageSize: "10", page: "2" }));
    expect(page.count).toBe(BAD_MAILBOX);
    expect(page.data).toHaveLength(10);
    expect(page.page).toBe(2);
    const emails = page.data.map((d) => d.email);
    expect([...emails].sort()).toEqual(emails);

    const search = await listSubscribers(parseSubscriberFilter({ category: "bad-mailbox", q: "LAURA.GARCIA0" }));
    expect(search.data.map((d) => d.email)).toEqual(["laura.garcia0@acme-industrial.com"]);
    const byDomain = await listSubscribers(parseSubscriberFilter({ q: "hotmail.es" }));
    expect(byDomain.count).toBe(73);
    const inProgress = await listSubscribers(parseSubscriberFilter({ category: "bad-mailbox", status: "in_progress" }));
    expect(inProgress.data.map((d) => d.email)).toContain("laura.garcia0@acme-industrial.com");
  });

  it("ignores malformed filters instead of failing the page", () => {
    const f = parseSubscriberFilter({ page: "-3", sort: "drop table", status: "x", q: "ok" });
    expect(f).toMatchObject({ page: 1, sort: "-lastBouncedAt", q: "ok" });
    expect(f.status).toBeUndefined();
  });
});

describe("CSV export", () => {
  it("exports the filtered subscribers with their latest bounce, safe for spreadsheets", async () => {
    const rows = [...iterateSubscriberExport({ filter: { q: "example.com" } })];
    const byEmail = Object.fromEntries(rows.map((r) => [r[0], r]));
    expect(Object.keys(byEmail).sort()).toEqual(["formula@example.com", "plus@example.com", "victim@example.com"]);
    const { csvLine } = await import("@/lib/export/csv");
    const formula = csvLine(byEmail["formula@example.com"]);
    expect(formula).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(formula).toContain("'=1+2");
    const plus = csvLine(byEmail["plus@example.com"]);
    expect(plus).toContain("'+SUM(A1:A2)");
    expect(plus).toContain("'-2+3");
    expect(plus).toContain("'@SUM(1+1)*cmd|' /C calc'!A0");
  });
});
