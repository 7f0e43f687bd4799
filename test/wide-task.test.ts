import { testDir } from "./helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { tallyDrift } from "@/lib/db/tallies";
import { updateTask } from "@/lib/queries/tasks";
import { importFile } from "./helpers/import-file";

const statuses = (importId: string) =>
  Object.fromEntries(
    sqlite().prepare("SELECT status, count(*) FROM Subscriber WHERE lastImportId = ? GROUP BY status").raw().all(importId) as [string, number][],
  );

describe("a campaign-wide step over thousands of subscribers", () => {
  it("moves every covered subscriber, in chunks, keeps a person's decision and the counters exact", async () => {
    const file = path.join(testDir, "wide-campaign.csv");
    const lines = ["email,date,status,diagnostic"];
    for (let i = 0; i < 5_000; i++) lines.push(`wide${i}@wide${i % 50}.example,2026-11-20,5.7.1,550 5.7.1 Message rejected as spam by Spamhaus`);
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const { id } = await importFile(file);
    const decided = sqlite().prepare("SELECT id FROM Subscriber WHERE email = 'wide7@wide7.example'").pluck().get() as number;
    sqlite().prepare("UPDATE Subscriber SET status = 'recovered' WHERE id = ?").run(decided);

    await updateTask(`import~${id}~spam-related~check-campaign`, { done: true, actor: "Ana" });
    expect(statuses(id)).toEqual({ in_progress: 4_999, recovered: 1 });
    await updateTask(`import~${id}~spam-related~check-campaign`, { done: false, actor: "Ana" });
    expect(statuses(id)).toEqual({ open: 4_999, recovered: 1 });
    expect(tallyDrift(sqlite())).toEqual([]);
  });
});
