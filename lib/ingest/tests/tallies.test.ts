import { FIXTURES, testDir } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeWaiters } from "@/lib/db/busy";
import { prisma } from "@/lib/db/prisma";
import { sqlite } from "@/lib/db/sqlite";
import { rebuildTallies, tallyDay, tallyDrift } from "@/lib/db/tallies";
import { BULK_INDEXES, INSERT_TRIGGERS, restoreBulkIndexes, TALLY_TRIGGERS } from "@/lib/ingest/fast/bulk-indexes";
import { rollbackImport } from "@/lib/ingest/pipeline/rollback";
import { applyBulkAction } from "@/lib/queries/bulk";
import { updateSubscriber } from "@/lib/queries/subscriber-updates";
import { updateTask } from "@/lib/queries/tasks";
import { importFile } from "../../../test/helpers/import-file";

// The overview and insights read counter tables kept by triggers; whatever changes the rows, the
// counters must equal a recount, or the charts would drift away from the category pages.
describe("tallies", () => {
  it("match a recount after imports, people's changes and a rollback", async () => {
    const db = sqlite();
    await importFile(path.join(FIXTURES, "powermta-acct.csv"));
    expect(tallyDrift(db)).toEqual([]);
    expect(db.prepare("SELECT sum(n) FROM BounceTally").pluck().get()).toBe(db.prepare("SELECT count(*) FROM Bounce").pluck().get());

    // A second export: new bounces for known subscribers move them (category, day, import).
    const second = await importFile(path.join(FIXTURES, "xss-diagnostic.csv"));
    await importFile(path.join(FIXTURES, "sendgrid-bounces.csv"));
    // (Too small for bulk mode, which decides after 1,000 rows: the next test covers big imports.)
    await importFile(path.join(FIXTURES, "mailgun-bounces.csv"));
    expect(tallyDrift(db)).toEqual([]);

    const ids = db.prepare("SELECT id FROM Subscriber ORDER BY id LIMIT 6").pluck().all() as number[];
    await updateSubscriber(ids[0], { status: "recovered" }, "Ana");
    await updateSubscriber(ids[1], { status: "unrecoverable", statusReason: "Left the company" }, "Ana");
    await applyBulkAction({ ids: ids.slice(2, 4) }, { type: "status", status: "recovered" }, "Bea");
    // A tick moves its subscriber to in progress.
    const open = db.prepare("SELECT id FROM Subscriber WHERE status = 'open' AND category = 'bad-mailbox' LIMIT 1").pluck().get() as number;
    await updateTask(`subscriber~${open}~bad-mailbox~phone-subscriber`, { done: true, actor: "Bea" });
    expect(db.prepare("SELECT status FROM Subscriber WHERE id = ?").pluck().get(open)).toBe("in_progress");
    expect(db.prepare("SELECT count(*) FROM Subscriber WHERE status <> 'open'").pluck().get()).toBeGreaterThan(3);
    expect(tallyDrift(db)).toEqual([]);

    // Newer bounces for those people's subscribers (and two older ones): the merge reopens the
    // recovered, moves categories and days, and leaves a subscriber alone for an older bounce.
    const again = [open, ...ids].map((id) => db.prepare("SELECT email FROM Subscriber WHERE id = ?").pluck().get(id) as string);
    const reLines = [
      "email,date,status,diagnostic",
      ...again.map((e, i) => `${e},${i < 2 ? "2020-01-01" : "2026-11-30"},5.7.1,554 5.7.1 Message rejected as spam`),
    ];
    const reFile = path.join(testDir, "again.csv");
    fs.writeFileSync(reFile, reLines.join("\n"));
    await importFile(reFile);
    expect(db.prepare("SELECT status FROM Subscriber WHERE id = ?").pluck().get(ids[3])).toBe("open");
    expect(tallyDrift(db)).toEqual([]);
    expect(
      db
        .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('Subscriber_tally_update', 'Subscriber_domain_tally_update')")
        .pluck()
        .get(),
    ).toBe(2);

    await rollbackImport(db, second.id);
    expect(tallyDrift(db)).toEqual([]);
  });

  it("stay exact through a big import that ran without the insert triggers, or failed half-way", async () => {
    const db = sqlite();
    const lines = ["email,date,status,diagnostic"];
    // Some addresses of the fixtures again (moved to a new category), most new ones.
    const known = db.prepare("SELECT email FROM Subscriber LIMIT 20").pluck().all() as string[];
    for (const email of known) lines.push(`${email},2026-11-20,4.2.2,452 4.2.2 Mailbox full`);
    for (let i = 0; i < 3000; i++) lines.push(`bulk${i}@domain${i % 40}.example,2026-11-${String(1 + (i % 28)).padStart(2, "0")},5.1.1,550 5.1.1 User unknown`);
    // Later bounces, in another category, for 50 of the new addresses the writer counted itself (bulk
    // mode starts with the second batch of 500): the end moves them in the tallies.
    for (let k = 0; k < 50; k++) lines.push(`bulk${1000 + k * 40}@domain0.example,2026-11-29,4.2.2,452 4.2.2 Mailbox full`);
    const file = path.join(testDir, "bulk.csv");
    fs.writeFileSync(file, lines.join("\n"));
    const present = () =>
      db
        .prepare(`SELECT count(*) FROM sqlite_master WHERE name IN (${[...BULK_INDEXES, ...TALLY_TRIGGERS].map(() => "?").join(",")})`)
        .pluck()
        .get(...BULK_INDEXES, ...TALLY_TRIGGERS) as number;
    const all = present();
    expect(all).toBe(BULK_INDEXES.length + TALLY_TRIGGERS.length);

    let during = -1;
    // Somebody works while the triggers are off, on a subscriber from before and on one this import
    // has just brought: the tallies must still come out right.
    const worked = db.prepare("SELECT id FROM Subscriber WHERE status = 'open' ORDER BY id LIMIT 1").pluck().get() as number;
    const driftDuring: string[] = [];
    let batches = 0;
    const edits: Promise<boolean>[] = [];
    const refused: Promise<unknown>[] = [];
    const done = await importFile(file, {
      bulkIndexThreshold: 1,
      batchSize: 500,
      onProgress: () => {
        during = present();
        if (during !== 0) return;
        batches++;
        // A write's first attempt runs at once: between batches the import holds no lock.
        if (batches === 1) edits.push(updateSubscriber(worked, { status: "unrecoverable", statusReason: "Left" }, "Ana"));
        if (batches === 3) {
          // Third batch of the file, the second written in bulk mode: counted by the writer, not a trigger.
          // Subscribers it brought cannot be edited yet, but a domain step moves them (open → in progress).
          const brought = db.prepare("SELECT id FROM Subscriber WHERE email = 'bulk1200@domain0.example'").pluck().get() as number;
          refused.push(updateSubscriber(brought, { status: "recovered" }, "Bea").catch((e: Error) => e.name));
          edits.push(updateTask("domain~domain0.example~bad-mailbox~admin-confirms-fixed", { done: true, actor: "Bea" }).then((t) => t?.done === true));
        }
        // Bounce and subscriber counts keep up batch by batch; domain counts wait for the end.
        driftDuring.push(...tallyDrift(db).filter((line) => !line.startsWith("DomainTally")));
      },
    });
    expect(await Promise.all(edits)).toEqual([true, true]);
    expect(await Promise.all(refused)).toEqual(["SubscriberArrivingError"]);
    expect(batches).toBeGreaterThan(3);
    expect(driftDuring).toEqual([]);
    expect(done.row).toMatchObject({ status: "done", accepted: 3070 });
    expect(db.prepare("SELECT count(*) FROM Subscriber WHERE email LIKE 'bulk%' AND category = 'quota-issues'").pluck().get()).toBe(50);
    expect(during).toBe(0);
    expect(present()).toBe(all);
    expect(tallyDrift(db)).toEqual([]);
    await rollbackImport(db, done.id);
    expect(tallyDrift(db)).toEqual([]);

    let written = 0;
    const failed = await importFile(file, {
      bulkIndexThreshold: 1,
      batchSize: 500,
      onProgress: () => {
        if (++written === 2) throw new Error("disk full");
      },
    });
    expect(failed.row.status).toBe("failed");
    expect(present()).toBe(all);
    expect(tallyDrift(db)).toEqual([]);
  });

  it("stay exact, domains included, batch by batch through an import that keeps its indexes, and the insert triggers come back after it", async () => {
    const db = sqlite();
    const triggers = () =>
      db
        .prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (${INSERT_TRIGGERS.map(() => "?").join(",")})`)
        .pluck()
        .get(...INSERT_TRIGGERS);
    const known = db.prepare("SELECT email FROM Subscriber ORDER BY id DESC LIMIT 30").pluck().all() as string[];
    const exportOf = (prefix: string) => {
      const lines = ["email,date,status,diagnostic"];
      for (const email of known) lines.push(`${email},2026-11-25,5.7.1,554 5.7.1 Message rejected as spam`);
      for (let i = 0; i < 1200; i++)
        lines.push(`${prefix}${i}@kept${i % 30}.example,2026-11-${String(1 + (i % 28)).padStart(2, "0")},5.1.2,550 5.1.2 Host or domain name not found`);
      // Later bounces of 20 of them, in another category: the end moves them between domain rows.
      for (let k = 0; k < 20; k++) lines.push(`${prefix}${k * 7}@kept${(k * 7) % 30}.example,2026-11-29,4.2.2,452 4.2.2 Mailbox full`);
      const file = path.join(testDir, `${prefix}.csv`);
      fs.writeFileSync(file, lines.join("\n"));
      return file;
    };
    const file = exportOf("kept");

    const drift: string[] = [];
    let triggersDuring = -1;
    let batches = 0;
    const edits: Promise<boolean>[] = [];
    const done = await importFile(file, {
      bulkIndexThreshold: 0,
      batchSize: 200,
      onProgress: () => {
        batches++;
        triggersDuring = triggers() as number;
        // A domain step moves this import's new subscribers of that domain, counted as they move.
        if (batches === 2)
          edits.push(updateTask("domain~kept3.example~bad-domain~admin-confirms-fixed", { done: true, actor: "Ana" }).then((t) => t?.done === true));
        drift.push(...tallyDrift(db));
      },
    });
    expect(await Promise.all(edits)).toEqual([true]);
    expect(done.row).toMatchObject({ status: "done", accepted: 1250 });
    // Three commits of up to three batches each (run-import.ts MERGED_BATCHES), each checked.
    expect(batches).toBeGreaterThanOrEqual(3);
    expect(triggersDuring).toBe(0);
    expect(drift).toEqual([]);
    expect(triggers()).toBe(INSERT_TRIGGERS.length);
    expect(tallyDrift(db)).toEqual([]);

    // The triggers count anyone else's inserts again.
    await prisma().subscriber.create({
      data: {
        email: "by-hand@kept0.example",
        domain: "kept0.example",
        category: "bad-domain",
        ruleCategory: "bad-domain",
        firstBouncedAt: new Date(),
        lastBouncedAt: new Date(),
        lastImportId: done.id,
      },
    });
    expect(tallyDrift(db)).toEqual([]);

    // Failing half-way, after batches the writer counted (new addresses, so rows were written).
    let written = 0;
    const failed = await importFile(exportOf("lost"), {
      bulkIndexThreshold: 0,
      batchSize: 200,
      onProgress: () => {
        if (++written === 2) throw new Error("disk full");
      },
    });
    expect(failed.row.status).toBe("failed");
    expect(db.prepare("SELECT count(*) FROM Subscriber WHERE email LIKE 'lost%'").pluck().get()).toBe(0);
    expect(triggers()).toBe(INSERT_TRIGGERS.length);
    expect(tallyDrift(db)).toEqual([]);
  });

  it("are committed batch by batch while a person's write waits for the lock, so it gets in between", async () => {
    const exportOf = (prefix: string) => {
      const lines = ["email,date,status,diagnostic"];
      for (let i = 0; i < 1200; i++) lines.push(`${prefix}${i}@wait${i % 30}.example,2026-11-20,5.1.1,550 5.1.1 User unknown`);
      const file = path.join(testDir, `${prefix}.csv`);
      fs.writeFileSync(file, lines.join("\n"));
      return file;
    };
    const commits = async (prefix: string) => {
      let n = 0;
      const done = await importFile(exportOf(prefix), { bulkIndexThreshold: 0, batchSize: 200, onProgress: () => void n++ });
      expect(done.row).toMatchObject({ status: "done", accepted: 1200 });
      return n;
    };
    // Six batches: two commits of three when nobody waits, six while a write is waiting.
    expect(await commits("alone")).toBe(2);
    const waiters = writeWaiters();
    Atomics.add(waiters, 0, 1);
    try {
      expect(await commits("waiting")).toBe(6);
    } finally {
      Atomics.sub(waiters, 0, 1);
    }
    expect(tallyDrift(sqlite())).toEqual([]);
  });

  it("come back whole after an older version's interrupted import, without the index since given up", () => {
    const db = sqlite();
    const exists = (name: string) => db.prepare("SELECT count(*) FROM sqlite_master WHERE name = ?").pluck().get(name) === 1;
    const definition = (name: string) => db.prepare("SELECT sql FROM sqlite_master WHERE name = ?").pluck().get(name) as string;
    // What an older version saved when it dropped them: an index of today's list, one tally trigger
    // it used to drop too, and the index on Bounce.importId a migration has since removed.
    const saved = [definition("Subscriber_domain_idx"), definition("Subscriber_tally_update"), 'CREATE INDEX "Bounce_importId_idx" ON "Bounce"("importId")'];
    db.exec('DROP INDEX "Subscriber_domain_idx"; DROP TRIGGER "Subscriber_tally_update"');
    db.prepare("INSERT INTO Setting (key, value) VALUES ('ingest.droppedIndexes', ?)").run(JSON.stringify(saved));
    // Meanwhile somebody's change went uncounted.
    db.exec("UPDATE Subscriber SET status = 'recovered' WHERE id = (SELECT min(id) FROM Subscriber WHERE status = 'open')");
    expect(tallyDrift(db).length).toBeGreaterThan(0);

    restoreBulkIndexes(db);
    expect(exists("Subscriber_domain_idx")).toBe(true);
    expect(exists("Subscriber_tally_update")).toBe(true);
    expect(exists("Bounce_importId_idx")).toBe(false);
    expect(tallyDrift(db)).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM Setting WHERE key = 'ingest.droppedIndexes'").pluck().get()).toBe(0);
  });

  it("count days as SQLite divides the stored instants", () => {
    const db = sqlite();
    // Through a column of the same affinity as Bounce.occurredAt, as the tallies' SQL sees them.
    db.exec("CREATE TEMP TABLE instants (at INTEGER)");
    for (const at of [0, 1, 86_399_999, 86_400_000, -1, -86_400_001, 1_795_000_000_123, 1.5e12 + 0.5]) {
      db.prepare("DELETE FROM instants").run();
      db.prepare("INSERT INTO instants VALUES (?)").run(at);
      expect(tallyDay(at)).toBe(db.prepare("SELECT at / 86400000 FROM instants").pluck().get());
    }
  });

  it("can be rebuilt from the rows", () => {
    const db = sqlite();
    db.exec("UPDATE DomainTally SET total = total + 5");
    expect(tallyDrift(db).length).toBeGreaterThan(0);
    rebuildTallies(db);
    expect(tallyDrift(db)).toEqual([]);
  });
});
