import { testDir } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { tallyDrift } from "@/lib/db/tallies";
import { runImport } from "@/lib/ingest/pipeline/run-import";
import { SubscriberArrivingError } from "@/lib/queries/arriving";
import { applyBulkAction } from "@/lib/queries/bulk";
import { getImport } from "@/lib/queries/imports";
import { addSubscriberNote, updateSubscriber } from "@/lib/queries/subscriber-updates";
import { updateTask } from "@/lib/queries/tasks";
import { importFile } from "../../../test/helpers/import-file";

const idOf = (email: string) => sqlite().prepare("SELECT id FROM Subscriber WHERE email = ?").pluck().get(email) as number;

function csv(name: string, emails: string[]): string {
  const file = path.join(testDir, name);
  fs.writeFileSync(file, `email,status,diagnostic\n${emails.map((e) => `${e},5.1.1,550 5.1.1 user unknown`).join("\n")}\n`);
  return file;
}

describe("subscribers of an import that is not done yet", () => {
  it("are read-only while it runs; those known before it are not", async () => {
    await importFile(csv("known.csv", ["known@arriving.example"]));
    const many = Array.from({ length: 1_500 }, (_, i) => `new${i}@arriving.example`);
    const refusals: unknown[] = [];
    let known: boolean | undefined;
    let bulk: { affected: number; skipped: number } | undefined;
    // One round of attempts: answers come back later, some from the reader threads.
    let tried = false;
    await importFile(csv("running.csv", ["known@arriving.example", ...many]), {
      batchSize: 500,
      onProgress: () => {
        const fresh = idOf("new0@arriving.example");
        if (!fresh || tried) return;
        tried = true;
        const attempts = [
          updateSubscriber(fresh, { name: "Lost" }, "Ana"),
          addSubscriberNote(fresh, "Lost note", "Ana"),
          updateTask(`subscriber~${fresh}~bad-mailbox~phone-subscriber`, { done: true, actor: "Ana" }),
        ];
        for (const a of attempts) a.catch((error) => refusals.push(error));
        void updateSubscriber(idOf("known@arriving.example"), { name: "Kept" }, "Ana").then((ok) => (known = ok));
        void applyBulkAction({ filter: { q: "arriving.example" } }, { type: "assign", assignee: "Bea" }, "Ana").then((r) => (bulk = r));
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(refusals).toHaveLength(3);
    for (const r of refusals) expect(r).toBeInstanceOf(SubscriberArrivingError);
    expect(known).toBe(true);
    expect(bulk?.affected).toBe(1);
    expect(bulk?.skipped).toBeGreaterThan(0);

    // Done: everyone can be changed, and nothing was half-applied meanwhile.
    const fresh = idOf("new0@arriving.example");
    expect(sqlite().prepare("SELECT name, assignee FROM Subscriber WHERE id = ?").get(fresh)).toEqual({ name: null, assignee: null });
    expect(await updateSubscriber(fresh, { name: "Now fine" }, "Ana")).toBe(true);
    expect(sqlite().prepare("SELECT name, assignee FROM Subscriber WHERE email = 'known@arriving.example'").get()).toEqual({ name: "Kept", assignee: "Bea" });
  });

  it("after a crash, stay read-only until the interrupted attempt is rolled back, which the import page shows", async () => {
    const first = await importFile(csv("crashed.csv", ["c1@crash.example", "c2@crash.example"]));
    // As a kill mid-import leaves it: rows written and counted, status still processing.
    sqlite()
      .prepare("UPDATE Import SET status = 'processing', firstSubscriberId = (SELECT min(id) FROM Subscriber WHERE domain = 'crash.example') WHERE id = ?")
      .run(first.id);
    const phantom = idOf("c1@crash.example");
    await expect(updateSubscriber(phantom, { phone: "+34 600" }, "Ana")).rejects.toBeInstanceOf(SubscriberArrivingError);

    // Every state the import row passes through, as the import page would read it.
    sqlite().exec(`CREATE TEMP TABLE seen (status TEXT, progress REAL, error TEXT);
      CREATE TEMP TRIGGER watch AFTER UPDATE ON Import BEGIN INSERT INTO seen VALUES (new.status, new.rollbackProgress, new.error); END;`);
    const outcome = await runImport(sqlite(), first.id);
    sqlite().exec("DROP TRIGGER temp.watch");
    expect(outcome.status).toBe("done");
    expect(sqlite().prepare("SELECT count(*) FROM Subscriber WHERE domain = 'crash.example'").pluck().get()).toBe(2);
    expect(sqlite().prepare("SELECT phone FROM Subscriber WHERE email = 'c1@crash.example'").pluck().get()).toBeNull();
    expect(await updateSubscriber(idOf("c1@crash.example"), { phone: "+34 600" }, "Ana")).toBe(true);
    expect(tallyDrift(sqlite())).toEqual([]);
    const seen = sqlite().prepare("SELECT DISTINCT status, progress, error FROM temp.seen").all();
    expect(seen).toEqual(
      expect.arrayContaining([
        { status: "rolling_back", progress: 0, error: null },
        { status: "rolling_back", progress: 1, error: null },
      ]),
    );
    expect((await getImport(first.id))?.interrupted).toBe(false);
  });
});
