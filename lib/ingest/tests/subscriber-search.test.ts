import "../../../test/helpers/test-db";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { sqlite } from "@/lib/db/sqlite";
import { dropBulkIndexes, restoreBulkIndexes } from "@/lib/ingest/fast/bulk-indexes";
import { countSelection } from "@/lib/queries/bulk";
import { iterateSubscriberExport } from "@/lib/queries/subscriber-export";
import { prefixRange } from "@/lib/queries/subscriber-sql";
import { countDisputed, listSubscribers, parseSubscriberFilter, SORTS } from "@/lib/queries/subscribers";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

interface Row {
  email: string;
  category: string;
  ruleCategory?: string;
  status?: string;
  lastBouncedAt?: number;
  bounceCount?: number;
}

const NAMED: Row[] = [
  { email: "ana@acme.com", category: "bad-mailbox" },
  { email: "ana.lopez@acme.com.mx", category: "bad-mailbox" },
  { email: "bob@anacorp.io", category: "bad-mailbox" },
  { email: "carla@mail.acme.com", category: "bad-domain" },
  { email: "dave+acme@example.org", category: "bad-mailbox" },
  { email: "a_b@under.io", category: "bad-mailbox" },
  { email: "axb@under.io", category: "bad-mailbox" },
  { email: "zoë@umlaut.example", category: "bad-mailbox" },
];

// Enough rows to page through, with ties on every sort key so the email tie-break matters.
const BULK: Row[] = Array.from({ length: 60 }, (_, i) => ({
  email: `user${String((i * 37) % 60).padStart(2, "0")}@d${i % 4}.example`,
  category: i % 3 === 0 ? "bad-domain" : "bad-mailbox",
  ruleCategory: i % 7 === 0 ? "quota-issues" : undefined,
  status: ["open", "open", "in_progress", "recovered"][i % 4],
  lastBouncedAt: T0 + (i % 5) * DAY,
  bounceCount: 1 + (i % 3),
}));

function insert(r: Row) {
  const at = r.lastBouncedAt ?? T0;
  sqlite()
    .prepare(
      `INSERT INTO Subscriber (email, domain, category, ruleCategory, status, firstBouncedAt, lastBouncedAt, bounceCount, lastImportId, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'test', ?)`,
    )
    .run(r.email, r.email.split("@")[1], r.category, r.ruleCategory ?? r.category, r.status ?? "open", at, at, r.bounceCount ?? 1, Date.now());
}

const list = (params: Record<string, string>) => listSubscribers(parseSubscriberFilter(params));
const emails = async (params: Record<string, string>) => (await list({ pageSize: "200", ...params })).data.map((d) => d.email).sort();

beforeAll(() => {
  for (const r of [...NAMED, ...BULK]) insert(r);
});

describe("prefixRange", () => {
  it("bounds exactly the strings that start with the prefix", () => {
    expect(prefixRange("ab")).toEqual(["ab", "ac"]);
    expect(prefixRange("a\u{10ffff}")).toEqual(["a\u{10ffff}", "b"]);
    expect(prefixRange("\u{10ffff}")).toEqual(["\u{10ffff}", null]);
    expect(prefixRange("a\ud7ff")).toEqual(["a\ud7ff", "a\ue000"]);
  });
});

describe("search", () => {
  it("matches addresses that start with q, not ones that merely contain it", async () => {
    expect(await emails({ q: "ana" })).toEqual(["ana.lopez@acme.com.mx", "ana@acme.com", "bob@anacorp.io"]);
    expect(await emails({ q: "ANA.L" })).toEqual(["ana.lopez@acme.com.mx"]);
    expect(await emails({ q: "acme" })).toEqual(["ana.lopez@acme.com.mx", "ana@acme.com"]); // not mail.acme.com, not dave+acme
    expect(await emails({ q: "zo" })).toEqual(["zoë@umlaut.example"]);
    expect(await emails({ q: "zoë@" })).toEqual(["zoë@umlaut.example"]);
  });

  it("matches domains that start with q, with or without a leading @", async () => {
    expect(await emails({ q: "acme.com" })).toEqual(["ana.lopez@acme.com.mx", "ana@acme.com"]);
    expect(await emails({ q: "@acme.com.mx" })).toEqual(["ana.lopez@acme.com.mx"]);
    expect(await emails({ q: "mail.acme" })).toEqual(["carla@mail.acme.com"]);
    expect((await list({ q: "d1.example" })).count).toBe(15);
    expect(await emails({ q: "@" })).toEqual([]);
  });

  it("treats LIKE wildcards as plain characters", async () => {
    expect(await emails({ q: "a_b" })).toEqual(["a_b@under.io"]);
    expect(await emails({ q: "%" })).toEqual([]);
  });

  it("combines with the category and status filters", async () => {
    expect(await emails({ q: "acme", category: "bad-domain" })).toEqual([]);
    expect(await emails({ q: "mail.acme", category: "bad-domain" })).toEqual(["carla@mail.acme.com"]);
    const inCategory = await list({ q: "user", category: "bad-domain", status: "recovered", pageSize: "200" });
    const expected = BULK.filter((r) => r.category === "bad-domain" && r.status === "recovered").length;
    expect(inCategory.count).toBe(expected);
    expect(inCategory.data).toHaveLength(expected);
  });

  it("means the same in exports and bulk selections", async () => {
    const exported = [...iterateSubscriberExport({ filter: { q: "acme" } })].map((r) => r[0]);
    expect(exported).toEqual(["ana.lopez@acme.com.mx", "ana@acme.com"]);
    expect(await countSelection({ filter: { q: "ana" } })).toBe(3);
    expect(await countSelection({ filter: { q: "@under.io", category: "bad-mailbox" } })).toBe(2);
  });
});

describe("list pages", () => {
  const all = () =>
    sqlite().prepare("SELECT email, category, ruleCategory, status, lastBouncedAt, bounceCount, domain FROM Subscriber").all() as (Required<Row> & {
      domain: string;
    })[];

  function expectedOrder(rows: ReturnType<typeof all>, sort: (typeof SORTS)[number]): string[] {
    const desc = sort.startsWith("-");
    const key = (desc ? sort.slice(1) : sort) as "email" | "domain" | "lastBouncedAt" | "bounceCount";
    const byEmail = (a: Row, b: Row) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0);
    return [...rows]
      .sort((a, b) => {
        const c = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
        return (desc ? -c : c) || (key === "email" ? 0 : byEmail(a, b));
      })
      .map((r) => r.email);
  }

  it("sorts and pages every column like a full sort would, with and without filters", async () => {
    const filters: Record<string, string>[] = [
      { category: "bad-mailbox" },
      { category: "bad-mailbox", status: "open" },
      { category: "bad-mailbox", disputed: "1" },
      {},
    ];
    for (const filter of filters) {
      const rows = all().filter(
        (r) =>
          (!filter.category || r.category === filter.category) &&
          (!filter.status || r.status === filter.status) &&
          (!filter.disputed || r.ruleCategory !== r.category),
      );
      for (const sort of SORTS) {
        const want = expectedOrder(rows, sort);
        const pages = [];
        for (let page = 1; page <= Math.ceil(want.length / 7); page++) {
          const got = await list({ ...filter, sort, page: String(page), pageSize: "7" });
          expect(got.count).toBe(want.length);
          pages.push(...got.data.map((d) => d.email));
        }
        expect(pages, `${JSON.stringify(filter)} ${sort}`).toEqual(want);
      }
    }
  });

  it("returns the list's fields, dates as ISO strings", async () => {
    const page = await list({ q: "ana@" });
    expect(page).toMatchObject({ count: 1, page: 1, pageSize: 50 });
    expect(page.data[0]).toEqual({
      id: expect.any(Number),
      email: "ana@acme.com",
      domain: "acme.com",
      name: null,
      category: "bad-mailbox",
      ruleCategory: "bad-mailbox",
      status: "open",
      lastBouncedAt: new Date(T0).toISOString(),
      bounceCount: 1,
      assignee: null,
    });
  });

  it("still answers, slower, while a big import has dropped the indexes", async () => {
    const before = await list({ category: "bad-mailbox", sort: "-email", disputed: "1" });
    dropBulkIndexes(sqlite());
    try {
      expect(await list({ category: "bad-mailbox", sort: "-email", disputed: "1" })).toEqual(before);
      expect(await countDisputed("bad-mailbox")).toBe(before.count);
    } finally {
      restoreBulkIndexes(sqlite());
    }
  });

  it("counts again after any connection writes", async () => {
    const count = async () => (await list({ category: "bad-domain" })).count;
    const disputed = () => countDisputed("bad-domain");
    const n = await count();
    const d = await disputed();
    expect(await count()).toBe(n);

    // Another connection (Prisma's) commits.
    const created = await prisma().subscriber.create({
      data: {
        email: "new@fresh.example",
        domain: "fresh.example",
        category: "bad-domain",
        ruleCategory: "other",
        firstBouncedAt: new Date(),
        lastBouncedAt: new Date(),
        lastImportId: "test",
      },
    });
    expect(await count()).toBe(n + 1);
    expect(await disputed()).toBe(d + 1);

    // This process's shared connection writes.
    sqlite().prepare("UPDATE Subscriber SET category = 'other' WHERE id = ?").run(created.id);
    expect(await count()).toBe(n);
    expect(await disputed()).toBe(d);
  });
});
