import { FIXTURES, testDir } from "./helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { applyBulkAction, BulkActionError, countSelection } from "@/lib/queries/bulk";
import { listCategoryDomains, listImportTasks, saveDomainContact } from "@/lib/queries/domains";
import { listEvents } from "@/lib/queries/events";
import { listOpenTasks, openTaskFilterSchema } from "@/lib/queries/open-tasks";
import { iterateSubscriberExport } from "@/lib/queries/subscriber-export";
import { updateSubscriber } from "@/lib/queries/subscriber-updates";
import { getSubscriber } from "@/lib/queries/subscribers";
import { updateTask } from "@/lib/queries/tasks";
import { importFile } from "./helpers/import-file";

const one = <T>(sql: string, ...p: unknown[]) =>
  sqlite()
    .prepare(sql)
    .get(...p) as T;
const idOf = (email: string) => sqlite().prepare("SELECT id FROM Subscriber WHERE email = ?").pluck().get(email) as number;
let pmtaImportId = "";

beforeAll(async () => {
  pmtaImportId = (await importFile(path.join(FIXTURES, "powermta-acct.csv"))).id;
});

describe("subscriber status", () => {
  it("follows the ticks until a person decides, and a new bounce reopens a recovered subscriber", async () => {
    const id = idOf("laura.garcia0@acme-industrial.com");
    expect((await getSubscriber(id))!.status).toBe("open");
    await updateTask(`subscriber~${id}~bad-mailbox~phone-subscriber`, { done: true, actor: "Ana" });
    expect((await getSubscriber(id))!.status).toBe("in_progress");

    expect(await updateSubscriber(id, { status: "recovered" }, "Ana")).toBe(true);
    expect((await getSubscriber(id))!.status).toBe("recovered");
    // Unticking does not undo a person's decision.
    await updateTask(`subscriber~${id}~bad-mailbox~phone-subscriber`, { done: false, actor: "Ana" });
    expect((await getSubscriber(id))!.status).toBe("recovered");

    const file = path.join(testDir, "later.csv");
    fs.writeFileSync(file, "email,date,status,diagnostic\nlaura.garcia0@acme-industrial.com,2026-12-01,5.2.2,552 5.2.2 Mailbox full\n");
    await importFile(file);
    const after = (await getSubscriber(id))!;
    expect(after).toMatchObject({ status: "open", category: "quota-issues", bounceCount: 2 });
    expect(after.tasks.map((t) => t.step)).toEqual(["phone-subscriber", "admin-confirms-fixed", "platform-validates"]);
    expect(after.tasks.every((t) => !t.done)).toBe(true);
    // The old bounce, with its category, is still in the history.
    expect(after.bounces.map((b) => b.category)).toEqual(["quota-issues", "bad-mailbox"]);
  });

  it("requires a reason to give up on a subscriber, and records it", async () => {
    const id = idOf("elena.lopez1@hotmail.es");
    await updateSubscriber(id, { status: "unrecoverable", statusReason: "Left the company" }, "Bea");
    expect(one("SELECT status, statusReason, statusManual FROM Subscriber WHERE id = ?", id)).toEqual({
      status: "unrecoverable",
      statusReason: "Left the company",
      statusManual: 1,
    });
    const events = await listEvents({ q: "left the company", page: 1, pageSize: 10 });
    expect(events.data[0]).toMatchObject({ actor: "Bea", action: "status.unrecoverable", subjectId: String(id) });
  });
});

describe("bulk actions", () => {
  it("ticks a step for every subscriber matching a filter, after counting them", async () => {
    const selection = { filter: { category: "spam-related" as const } };
    expect(await countSelection(selection)).toBe(21);
    const result = await applyBulkAction(selection, { type: "tick", step: "check-campaign", done: true }, "Ana");
    expect(result.affected).toBe(21);
    // check-campaign is an import step: one tick covers the whole import in that category.
    expect(one("SELECT count(*) AS n FROM TaskState WHERE step = 'check-campaign' AND done = 1")).toEqual({ n: 1 });
    expect(one("SELECT count(*) AS n FROM Subscriber WHERE category = 'spam-related' AND status = 'in_progress'")).toEqual({ n: 21 });
    const tasks = await listImportTasks(pmtaImportId);
    expect(tasks.find((t) => t.category === "spam-related")!.tasks.find((t) => t.step === "check-campaign")).toMatchObject({ done: true, doneBy: "Ana" });
  });

  it("ticks subscriber steps one per selected row, and refuses steps of another category", async () => {
    const ids = sqlite().prepare("SELECT id FROM Subscriber WHERE category = 'quota-issues' ORDER BY id LIMIT 5").pluck().all() as number[];
    await applyBulkAction({ ids }, { type: "tick", step: "phone-subscriber", done: true }, "Ana");
    expect(one("SELECT count(*) AS n FROM TaskState WHERE step = 'phone-subscriber' AND category = 'quota-issues' AND done = 1")).toEqual({ n: 5 });
    await expect(applyBulkAction({ ids }, { type: "tick", step: "resend-later", done: true }, "Ana")).rejects.toBeInstanceOf(BulkActionError);
  });

  it("sets status and assignee in bulk, with one history entry per subscriber", async () => {
    const selection = { filter: { category: "virus-related" as const } };
    await applyBulkAction(selection, { type: "assign", assignee: "Carlos" }, "Ana");
    await applyBulkAction(selection, { type: "status", status: "recovered" }, "Ana");
    expect(one("SELECT count(*) AS n FROM Subscriber WHERE category = 'virus-related' AND status = 'recovered' AND assignee = 'Carlos'")).toEqual({ n: 12 });
    await expect(applyBulkAction(selection, { type: "status", status: "unrecoverable" }, "Ana")).rejects.toThrow(/why/i);
    expect((await listEvents({ q: "marked recovered — bulk", page: 1, pageSize: 100 })).count).toBe(12);
  });
});

describe("exports for the email platform", () => {
  it("lists recovered addresses to validate again and unrecoverable ones to suppress", () => {
    const recovered = [...iterateSubscriberExport({ filter: { status: "recovered" } })].map((r) => r[0]);
    const suppressed = [...iterateSubscriberExport({ filter: { status: "unrecoverable" } })].map((r) => r[0]);
    expect(recovered).toHaveLength(12);
    expect(suppressed).toEqual(["elena.lopez1@hotmail.es"]);
  });
});

describe("domains and open tasks", () => {
  it("lists each domain of a category with its mail host, contact and shared steps", async () => {
    await saveDomainContact("acme-industrial.com", { name: "Pedro Admin", email: "it@acme-industrial.com", phone: "+34 600 111 222" }, "Ana");
    const domains = await listCategoryDomains("bad-mailbox");
    const acme = domains.data.find((d) => d.domain === "acme-industrial.com")!;
    expect(acme.mailHost).toBe("mx.acme-industrial.com");
    expect(acme.contact).toMatchObject({ name: "Pedro Admin", email: "it@acme-industrial.com" });
    expect(acme.tasks.map((t) => t.step)).toEqual(["admin-confirms-fixed"]);
    expect(domains.data.reduce((n, d) => n + d.subscribers, 0)).toBe(
      one<{ n: number }>("SELECT count(*) AS n FROM Subscriber WHERE category = 'bad-mailbox'").n,
    );
  });

  it("lists open tasks with filters, shared steps once", async () => {
    const all = await listOpenTasks(openTaskFilterSchema.parse({ category: "bad-connection" }));
    // 6 subscribers; each domain gets both steps (contact admin, contact ISP).
    const domains = one<{ n: number }>("SELECT count(DISTINCT domain) AS n FROM Subscriber WHERE category = 'bad-connection'").n;
    expect(all.count).toBe(domains * 2);
    expect(all.data.every((t) => t.scope === "domain")).toBe(true);
    await updateTask(all.data[0].id, { done: true, actor: "Ana" });
    expect((await listOpenTasks(openTaskFilterSchema.parse({ category: "bad-connection" }))).count).toBe(domains * 2 - 1);
    const carlos = await listOpenTasks(openTaskFilterSchema.parse({ assignee: "Carlos" }));
    expect(carlos.count).toBe(0); // Carlos's subscribers are all recovered.
  });
});
