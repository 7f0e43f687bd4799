import { FIXTURES } from "./helpers/test-db";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as chartCsv } from "@/app/api/insights/[chart]/route";
import { sqlite } from "@/lib/db/sqlite";
import { parseInsightsParams } from "@/lib/insights/filters";
import { chartTable } from "@/lib/insights/tables";
import { getCategoryStats } from "@/lib/queries/categories";
import { getInsights } from "@/lib/queries/insights";
import { updateTask } from "@/lib/queries/tasks";
import { apiTokenFor } from "./helpers/api-token";
import { importFile } from "./helpers/import-file";

// powermta-acct.csv: 240 subscribers, one bounce each, 2026-09-30 … 2026-10-27 UTC (see lib/ingest/tests/ingest.test.ts).
const KNOWN: Record<string, number> = {
  "bad-mailbox": 35,
  "quota-issues": 21,
  "spam-related": 21,
  "policy-related": 21,
  "bad-domain": 14,
  "inactive-mailbox": 14,
  "content-related": 14,
  "relaying-issues": 14,
  "message-expired": 14,
  "routing-errors": 12,
  "bad-configuration": 12,
  "protocol-errors": 12,
  "virus-related": 12,
  other: 12,
  "no-answer-from-host": 6,
  "bad-connection": 6,
};
const HARD = 35 + 14 + 14;
const NOW = Date.parse("2026-10-28T12:00:00Z");
const insights = (q: Record<string, string> = {}) => getInsights(parseInsightsParams(q), sqlite(), NOW);
const count = (sql: string, ...p: unknown[]) =>
  sqlite()
    .prepare(sql)
    .pluck()
    .get(...p) as number;

let firstId = "";
beforeAll(async () => {
  firstId = (await importFile(path.join(FIXTURES, "powermta-acct.csv"))).id;
});

describe("insights on one PowerMTA export", () => {
  it("counts subscribers per category as the export says", async () => {
    const d = await insights({ range: "all" });
    expect(Object.fromEntries(d.categories.map((c) => [c.code, c.subscribers]))).toEqual(KNOWN);
    expect(d.categories.every((c) => c.open === c.subscribers)).toBe(true);
    expect(d.kpis.subscribers.current).toBe(240);
    expect(d.kpis.bounces.current).toBe(240);
    expect(d.kpis.recoverable.current).toBe(240 - HARD);
    expect(d.kpis.byGroup.map((g) => [g.group, g.subscribers])).toEqual([
      ["address", HARD],
      ["recipient", 21 + 6 + 6 + 12 + 14 + 12 + 12 + 14],
      ["sender", 21 + 14 + 21 + 12],
      ["other", 12],
    ]);
    // All time has nothing before it to compare with.
    expect(d.kpis.subscribers.previous).toBeNull();
  });

  it("draws one bar per day with gaps filled, or one per week, and loses no bounce", async () => {
    const days = (await insights({ range: "all" })).timeline;
    expect(days.bucket).toBe("day");
    // The first bounce is 2026-10-01 00:15 +0200, so 2026-09-30 in UTC.
    expect(days.points).toHaveLength(28);
    expect(days.points[0].start).toBe("2026-09-30");
    expect(days.points.reduce((a, p) => a + p.total, 0)).toBe(240);
    const weeks = (await insights({ range: "all", bucket: "week" })).timeline;
    expect(weeks.points.map((p) => p.start)).toEqual(["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"]);
    expect(weeks.points.reduce((a, p) => a + p.total, 0)).toBe(240);
    // A range longer than the data still shows every day of it, at zero.
    const ninety = (await insights({ range: "90" })).timeline;
    expect(ninety.bucket).toBe("week");
    expect(ninety.points.reduce((a, p) => a + p.total, 0)).toBe(240);
  });

  it("narrows the timeline to one category and the rest to one group", async () => {
    const mailbox = await insights({ range: "all", category: "bad-mailbox" });
    expect(mailbox.timeline.points.reduce((a, p) => a + p.values.address, 0)).toBe(35);
    expect(mailbox.timeline.points.reduce((a, p) => a + p.total, 0)).toBe(35);
    expect(mailbox.kpis.bounces.current).toBe(240); // the KPI cards keep all categories
    const hard = await insights({ range: "all", group: "address" });
    expect(hard.categories.map((c) => c.code)).toEqual(["bad-mailbox", "bad-domain", "inactive-mailbox"]);
    expect(hard.kpis.subscribers.current).toBe(HARD);
    expect(hard.timeline.points.reduce((a, p) => a + p.total, 0)).toBe(HARD);
  });

  it("compares a custom period with the same number of days just before", async () => {
    const first = Date.parse("2026-10-11T00:00:00Z");
    const inSecond = count("SELECT count(*) FROM Bounce WHERE occurredAt >= ? AND occurredAt < ?", first, first + 10 * 86_400_000);
    const inFirst = count("SELECT count(*) FROM Bounce WHERE occurredAt >= ? AND occurredAt < ?", first - 10 * 86_400_000, first);
    expect(inFirst).toBeGreaterThan(0);
    const d = await insights({ range: "custom", from: "2026-10-11", to: "2026-10-20" });
    expect(d.kpis.bounces).toMatchObject({ current: inSecond, previous: inFirst, delta: inSecond - inFirst });
    expect(d.kpis.subscribers).toMatchObject({ current: inSecond, previous: inFirst });
    expect(d.timeline.points).toHaveLength(10);
    expect(d.timeline.points.reduce((a, p) => a + p.total, 0)).toBe(inSecond);
    expect(d.categories.reduce((a, c) => a + c.subscribers, 0)).toBe(inSecond);
  });

  it("ranks recipient domains, overall and per category, and knows where each leads", async () => {
    const d = await insights({ range: "all" });
    expect(d.domains.rows.map((r) => [r.domain, r.subscribers])).toEqual([
      ["acme-industrial.com", 80],
      ["gmial.com", 80],
      ["hotmail.es", 73],
      ["exampel.com", 7],
    ]);
    for (const r of d.domains.rows) expect(Object.values(r.byGroup).reduce((a, b) => a + b, 0)).toBe(r.subscribers);
    const top = d.domains.rows[0];
    expect(top.topCategory).toBe(
      sqlite().prepare("SELECT category FROM Subscriber WHERE domain = ? GROUP BY category ORDER BY count(*) DESC, category LIMIT 1").pluck().get(top.domain),
    );
    const mailbox = (await insights({ range: "all", domainCategory: "bad-mailbox" })).domains;
    expect(mailbox.category).toBe("bad-mailbox");
    expect(mailbox.rows.reduce((a, r) => a + r.subscribers, 0)).toBe(35);
    expect(mailbox.rows.every((r) => r.topCategory === "bad-mailbox")).toBe(true);
  });

  it("counts open tasks like the category pages, and follows a tick", async () => {
    const fromStats = async () => (await getCategoryStats()).reduce((a, s) => a + s.openTasks, 0);
    expect((await insights({ range: "all" })).kpis.openTasks.current).toBe(await fromStats());
    await updateTask("domain~gmial.com~bad-mailbox~admin-confirms-fixed", { done: true, actor: "Ana" });
    expect((await insights({ range: "all" })).kpis.openTasks.current).toBe(await fromStats());
    const id = count("SELECT id FROM Subscriber WHERE category = 'quota-issues' ORDER BY email LIMIT 1");
    await updateTask(`subscriber~${id}~quota-issues~phone-subscriber`, { done: true, actor: "Ana" });
    const d = await insights({ range: "all" });
    expect(d.kpis.openTasks.current).toBe(await fromStats());
    expect(d.categories.find((c) => c.code === "quota-issues")).toMatchObject({ open: 20, in_progress: 1 });
  });

  it("shows the same numbers in every chart's table as in its data", async () => {
    const d = await insights({ range: "all" });
    const cats = chartTable("categories", d);
    expect(cats.columns).toEqual(["category", "code", "group", "subscribers"]);
    expect(cats.rows[0]).toEqual(["Mailbox does not exist", "bad-mailbox", "The address itself", 35]);
    const recovery = chartTable("recovery", d);
    expect(recovery.rows.reduce((a, r) => a + Number(r[5]), 0)).toBe(240);
    expect(chartTable("timeline", d).rows).toHaveLength(28);
    expect(chartTable("kpis", d).rows[0]).toEqual(["Bounced subscribers", 240, "", ""]);
  });
});

describe("while a big import has dropped the secondary indexes", () => {
  it("still answers, only slower", async () => {
    const db = sqlite();
    const defs = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name NOT LIKE '%_key'").all() as {
      name: string;
      sql: string;
    }[];
    const before = await insights({ range: "custom", from: "2026-10-01", to: "2026-10-20" });
    for (const d of defs) db.exec(`DROP INDEX "${d.name}"`);
    try {
      expect(await insights({ range: "custom", from: "2026-10-01", to: "2026-10-20" })).toEqual(before);
    } finally {
      for (const d of defs) db.exec(d.sql);
    }
  });
});

describe("imports side by side", () => {
  let secondId = "";
  beforeAll(async () => {
    secondId = (await importFile(path.join(FIXTURES, "sendgrid-bounces.csv"))).id;
  });

  it("puts each import in its own column with its bounces per category", async () => {
    const d = await insights({ range: "all" });
    expect(d.imports.columns.map((c) => c.id)).toEqual([firstId, secondId]);
    expect(d.imports.columns.map((c) => c.bounces)).toEqual([240, 240]);
    const first = Object.fromEntries(d.imports.rows.map((r) => [r.code, r.counts[firstId]]));
    expect(first).toEqual(KNOWN);
    expect(d.kpis.bounces.current).toBe(480);
    expect(d.kpis.subscribers.current).toBe(240); // each subscriber once, by their latest bounce
    const table = chartTable("imports", d);
    expect(table.rows.at(-1)).toEqual(["All categories", 240, 240]);
  });

  it("filters by import", async () => {
    const d = await insights({ range: "all", imports: firstId });
    expect(d.kpis.bounces.current).toBe(240);
    expect(d.imports.columns.map((c) => c.id)).toEqual([firstId]);
    expect(d.timeline.points.reduce((a, p) => a + p.total, 0)).toBe(240);
    expect(d.kpis.subscribers.current).toBe(count("SELECT count(*) FROM Subscriber WHERE lastImportId = ?", firstId));
  });

  it("downloads a chart as spreadsheet-safe CSV, for signed-in callers only", async () => {
    const anonymous = await chartCsv(new NextRequest("http://x/api/insights/categories?range=all"), { params: Promise.resolve({ chart: "categories" }) });
    expect(anonymous.status).toBe(401);
    const token = await apiTokenFor("insights.viewer@example.com", "viewer");
    const headers = { Authorization: `Bearer ${token}` };
    const res = await chartCsv(new NextRequest("http://x/api/insights/categories?range=all", { headers }), {
      params: Promise.resolve({ chart: "categories" }),
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toContain("rebound-insights-categories-all-time.csv");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("category,code,group,subscribers");
    expect(lines).toHaveLength(17);
    const missing = await chartCsv(new NextRequest("http://x/api/insights/nope", { headers }), { params: Promise.resolve({ chart: "nope" }) });
    expect(missing.status).toBe(404);
  });
});
