import { testDir } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { tallyDrift } from "@/lib/db/tallies";
import { Hash32Map, Hash64Set } from "@/lib/ingest/fast/hash-tables";
import { ImportSubscribers } from "@/lib/ingest/pipeline/import-subscribers";
import { rollbackImport } from "@/lib/ingest/pipeline/rollback";
import { updateSubscriber } from "@/lib/queries/subscriber-updates";
import { updateTask } from "@/lib/queries/tasks";
import { importFile } from "../../../test/helpers/import-file";

describe("Hash32Map", () => {
  it("keeps every value stored under one hash and lets the caller pick", () => {
    const map = new Hash32Map(4);
    map.add(7, 10);
    map.add(7, 11);
    map.add(0, 12);
    // A neighbouring hash is never taken for this one.
    map.add(7 + 128, 13);
    expect(map.get(7)).toBe(10);
    expect(map.get(7, (v) => v === 11)).toBe(11);
    expect(map.get(7, () => false)).toBe(-1);
    expect(map.get(0)).toBe(12);
    expect(map.get(135)).toBe(13);
    expect(map.get(1)).toBe(-1);
  });

  it("finds everything again after growing", () => {
    const map = new Hash32Map(1);
    for (let i = 0; i < 50_000; i++) map.add(Math.imul(i, 7919), i);
    expect(map.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 997) expect(map.get(Math.imul(i, 7919))).toBe(i);
    expect(map.get(3)).toBe(-1);
  });

  it("finds everything again after making room in advance, and takes more after it", () => {
    const map = new Hash32Map(1);
    for (let i = 0; i < 1000; i++) map.add(Math.imul(i, 7919), i);
    map.reserve(40_000);
    map.reserve(10); // never shrinks
    for (let i = 1000; i < 50_000; i++) map.add(Math.imul(i, 7919), i);
    for (let i = 0; i < 50_000; i += 499) expect(map.get(Math.imul(i, 7919))).toBe(i);
    expect(map.get(3)).toBe(-1);
  });
});

describe("ImportSubscribers.reserve", () => {
  it("keeps what it knew about each address and goes on adding", () => {
    const emails = Array.from({ length: 3000 }, (_, i) => `s${i}@example.test`);
    const subscribers = new ImportSubscribers((id) => emails[id - 1]);
    for (let i = 0; i < 1500; i++) subscribers.record(subscribers.add(emails[i], i + 1, i % 2 === 0), 1000 + i, "bad-mailbox", "bad-mailbox");
    subscribers.reserve(2500);
    for (let i = 1500; i < 3000; i++) subscribers.record(subscribers.add(emails[i], i + 1, i % 2 === 0), 1000 + i, "quota-issues", "quota-issues");
    for (const i of [0, 1, 1499, 1500, 2999]) expect(subscribers.idOf(subscribers.slotOf(emails[i]))).toBe(i + 1);
    // Known subscribers with a bounce come back to be merged, with what the import found.
    const merged = [...subscribers.unwritten()];
    expect(merged).toHaveLength(1500);
    expect(merged[0]).toMatchObject({ id: 1, existing: true, bounces: 1, first: 1000, last: 1000, category: "bad-mailbox" });
    expect(merged[1499]).toMatchObject({ id: 2999, existing: true, bounces: 1, first: 3998, category: "quota-issues" });
    expect(subscribers.slotOf("nobody@example.test")).toBe(-1);
  });
});

describe("Hash64Set", () => {
  it("says whether each value was new, 0/0 included, before and after growing", () => {
    const set = new Hash64Set(1);
    expect(set.add(0, 0)).toBe(true);
    expect(set.add(0, 0)).toBe(false);
    for (let i = 1; i <= 50_000; i++) expect(set.add(i * 7919, ~i)).toBe(true);
    // Same low half, other high half: a different value.
    expect(set.add(0, -1)).toBe(true);
    for (let i = 1; i <= 50_000; i += 997) expect(set.add(i * 7919, ~i)).toBe(false);
    expect(set.size).toBe(50_002);
  });
});

// Subscribers are written at first sight and once more at the end, not per bounce, and a big import
// finds addresses and duplicates in memory instead of in the unique indexes. Either way the rows
// must come out exactly as the bounces say.
describe("subscribers after an import", () => {
  const day = (d: number) => `2026-11-${String(d).padStart(2, "0")}T10:00:00Z`;
  const first = path.join(testDir, "subscribers-first.csv");
  fs.writeFileSync(
    first,
    [
      "email,date,status,diagnostic",
      `ana@known.example,${day(10)},5.1.1,550 5.1.1 User unknown`,
      `bea@known.example,${day(10)},4.2.2,452 4.2.2 Mailbox full`,
      `cai@known.example,${day(10)},5.1.1,550 5.1.1 User unknown`,
      `dan@known.example,${day(10)},5.1.1,550 5.1.1 User unknown`,
    ].join("\n"),
  );
  // Rows that matter sit both before and after the thousandth row, where a big import switches to
  // its in-memory lookups (batches of 500).
  const second = path.join(testDir, "subscribers-second.csv");
  const filler = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `bulk${from + i}@d${(from + i) % 30}.example,,${day(1 + ((from + i) % 20))},5.1.1,550 5.1.1 User unknown,,`);
  fs.writeFileSync(
    second,
    [
      "email,name,date,status,diagnostic,phone,company",
      `ana@known.example,,${day(12)},4.2.2,452 4.2.2 Mailbox full,,`, // newer: recovered → open, quota
      `bea@known.example,,${day(5)},5.1.1,550 5.1.1 User unknown,,`, // older: category and status stay
      `new@fresh.example,,${day(8)},5.1.1,550 5.1.1 User unknown,,`,
      ...filler(0, 1200),
      // Known before, first seen after the switch: found among the addresses loaded into memory.
      `dan@known.example,,${day(13)},4.2.2,452 4.2.2 Mailbox full,,`,
      // New after the switch, seen again a row later with a name: its row is still waiting to be
      // written with others (lib/db/multi-row-insert.ts) when the second row looks it up.
      `late@fresh.example,,${day(4)},5.1.1,550 5.1.1 User unknown,,`,
      `late@fresh.example,Luis Mora,${day(6)},4.2.2,452 4.2.2 Mailbox full,,`,
      `new@fresh.example,Nuria Vidal,${day(3)},4.2.2,452 4.2.2 Mailbox full,,`, // older, but brings a name
      `new@fresh.example,,${day(9)},5.7.1,550 5.7.1 Message rejected as spam,+34 600 000 000,`, // latest
      `new@fresh.example,,${day(9)},5.7.1,550 5.7.1 Message rejected as spam,+34 600 000 000,`, // duplicate
      `ana@known.example,,${day(11)},5.1.1,550 5.1.1 User unknown,,ACME`, // between: neither first nor latest
      `bea@known.example,,${day(14)},5.7.1,550 5.7.1 Message rejected as spam,,`, // newer, other category: in progress → open
      `cai@known.example,,${day(10)},5.1.1,550 5.1.1 User unknown,,`, // the same bounce as before: duplicate
      ...filler(1200, 300),
      `bulk5@d5.example,,${day(28)},4.2.2,452 4.2.2 Mailbox full,,`,
    ].join("\n"),
  );

  type Row = Record<string, unknown>;
  async function scenario(bulkIndexThreshold: number): Promise<{ subscribers: Map<string, Row>; counts: Row }> {
    const db = sqlite();
    const a = await importFile(first);
    const ids = db.prepare("SELECT email, id FROM Subscriber WHERE email LIKE '%@known.example'").raw().all() as [string, number][];
    const id = Object.fromEntries(ids);
    await updateSubscriber(id["ana@known.example"], { status: "recovered" }, "Ana");
    // A ticked step puts a subscriber in progress.
    await updateTask(`subscriber~${id["bea@known.example"]}~quota-issues~phone-subscriber`, { done: true, actor: "Ana" });
    expect(db.prepare("SELECT status FROM Subscriber WHERE id = ?").pluck().get(id["bea@known.example"])).toBe("in_progress");
    let inMemory = false;
    const emailIndex = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'Subscriber_email_key'").pluck();
    const b = await importFile(second, { bulkIndexThreshold, batchSize: 500, onProgress: () => void (inMemory ||= emailIndex.get() === 0) });
    expect(b.row.status).toBe("done");
    expect(inMemory).toBe(bulkIndexThreshold > 0);
    expect(emailIndex.get()).toBe(1);
    expect(tallyDrift(db)).toEqual([]);
    const rows = db
      .prepare(
        "SELECT email, domain, name, phone, company, category, ruleCategory, status, statusManual, firstBouncedAt, lastBouncedAt, bounceCount, lastImportId = ? AS latestFromSecond FROM Subscriber",
      )
      .all(b.id) as Row[];
    const orphans = db.prepare("SELECT count(*) FROM Bounce WHERE subscriberId NOT IN (SELECT id FROM Subscriber)").pluck().get();
    expect(orphans).toBe(0);
    const counts = { accepted: b.row.accepted, duplicates: b.row.duplicates, bounces: db.prepare("SELECT count(*) FROM Bounce").pluck().get() };
    await rollbackImport(db, b.id);
    await rollbackImport(db, a.id);
    expect(db.prepare("SELECT count(*) FROM Subscriber").pluck().get()).toBe(0);
    return { subscribers: new Map(rows.map((r) => [r.email as string, r])), counts };
  }

  it("come out the same row by row and in a big import, as the bounces say", async () => {
    // Bulk first: whether an import goes bulk depends on how many bounces the database has held.
    const bulk = await scenario(1);
    const rowByRow = await scenario(0);
    expect(bulk.counts).toEqual(rowByRow.counts);
    expect(rowByRow.counts).toMatchObject({ accepted: 1511, duplicates: 2, bounces: 1515 });
    expect(bulk.subscribers.size).toBe(rowByRow.subscribers.size);
    for (const [email, row] of rowByRow.subscribers) expect(bulk.subscribers.get(email), email).toEqual(row);

    const at = (d: number) => Date.parse(day(d));
    const s = rowByRow.subscribers;
    expect(s.get("ana@known.example")).toMatchObject({
      status: "open",
      category: "quota-issues",
      bounceCount: 3,
      firstBouncedAt: at(10),
      lastBouncedAt: at(12),
      company: "ACME",
      latestFromSecond: 1,
    });
    expect(s.get("bea@known.example")).toMatchObject({
      status: "open",
      category: "spam-related",
      bounceCount: 3,
      firstBouncedAt: at(5),
      lastBouncedAt: at(14),
    });
    expect(s.get("cai@known.example")).toMatchObject({ status: "open", category: "bad-mailbox", bounceCount: 1, latestFromSecond: 0 });
    expect(s.get("dan@known.example")).toMatchObject({
      category: "quota-issues",
      bounceCount: 2,
      firstBouncedAt: at(10),
      lastBouncedAt: at(13),
      latestFromSecond: 1,
    });
    expect(s.get("new@fresh.example")).toMatchObject({
      name: "Nuria Vidal",
      phone: "+34 600 000 000",
      category: "spam-related",
      bounceCount: 3,
      firstBouncedAt: at(3),
      lastBouncedAt: at(9),
      domain: "fresh.example",
    });
    expect(s.get("late@fresh.example")).toMatchObject({
      name: "Luis Mora",
      bounceCount: 2,
      category: "quota-issues",
      firstBouncedAt: at(4),
      lastBouncedAt: at(6),
    });
    expect(s.get("bulk5@d5.example")).toMatchObject({ bounceCount: 2, category: "quota-issues", lastBouncedAt: at(28) });
  });
});
