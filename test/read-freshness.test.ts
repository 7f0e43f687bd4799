import { FIXTURES, testDir } from "./helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CategoryCode } from "@/lib/categories";
import { sqlite } from "@/lib/db/sqlite";
import { getChecklistProgress } from "@/lib/queries/checklist-progress";
import { listSubscribers, parseSubscriberFilter } from "@/lib/queries/subscribers";
import { updateTask } from "@/lib/queries/tasks";
import { importFile } from "./helpers/import-file";

// Pages read through the reader threads and remembered answers (lib/db/memo.ts): whatever was just
// written must show on the next read, however the answers are remembered.
const idOf = (email: string) => sqlite().prepare("SELECT id FROM Subscriber WHERE email = ?").pluck().get(email) as number;
const phoneStep = async () => (await getChecklistProgress("bad-mailbox")).find((p) => p.step === "phone-subscriber")!;
const list = (category: CategoryCode) => listSubscribers({ ...parseSubscriberFilter({}), category, pageSize: 200 });

beforeAll(async () => {
  await importFile(path.join(FIXTURES, "powermta-acct.csv"));
});

describe("remembered answers", () => {
  it("show a tick at once on its own category's progress and list, and after ticks on other categories", async () => {
    const id = idOf("laura.garcia0@acme-industrial.com");
    const before = await phoneStep();
    const inProgress = async () => (await listSubscribers({ ...parseSubscriberFilter({ status: "in_progress" }), category: "bad-mailbox" })).count;
    const working = await inProgress();
    const all = (await list("bad-mailbox")).count;
    expect((await list("bad-mailbox")).data.find((s) => s.id === id)?.status).toBe("open");

    await updateTask(`subscriber~${id}~bad-mailbox~phone-subscriber`, { done: true, actor: "Ana" });
    expect(await phoneStep()).toMatchObject({ done: before.done + 1, total: before.total });
    expect((await list("bad-mailbox")).data.find((s) => s.id === id)?.status).toBe("in_progress");
    // A count filtered by status follows the tick; the category's whole count stays what it was.
    expect(await inProgress()).toBe(working + 1);
    expect((await list("bad-mailbox")).count).toBe(all);

    // A tick on another category keeps this one's answer, which is still right.
    const other = sqlite().prepare("SELECT id, category FROM Subscriber WHERE category <> 'bad-mailbox' LIMIT 1").get() as { id: number; category: string };
    const otherProgress = await getChecklistProgress(other.category as never);
    const step = otherProgress.find((p) => p.scope === "subscriber");
    if (step) await updateTask(`subscriber~${other.id}~${other.category}~${step.step}`, { done: true, actor: "Ana" });
    expect(await phoneStep()).toMatchObject({ done: before.done + 1 });

    await updateTask(`subscriber~${id}~bad-mailbox~phone-subscriber`, { done: false, actor: "Ana" });
    expect(await phoneStep()).toMatchObject({ done: before.done });
    expect((await list("bad-mailbox")).data.find((s) => s.id === id)?.status).toBe("open");
  });

  it("show the new subscribers of an import", async () => {
    const before = await list("bad-mailbox");
    const total = (await phoneStep()).total;
    const file = path.join(testDir, "more-bad-mailboxes.csv");
    fs.writeFileSync(
      file,
      "email,date,status,diagnostic\nnew.one@fresh.example,2026-12-01,5.1.1,550 5.1.1 User unknown\nnew.two@fresh.example,2026-12-01,5.1.1,550 5.1.1 User unknown\n",
    );
    await importFile(file);
    const after = await list("bad-mailbox");
    expect(after.count).toBe(before.count + 2);
    expect(after.data.map((s) => s.email)).toEqual(expect.arrayContaining(["new.one@fresh.example", "new.two@fresh.example"]));
    expect((await phoneStep()).total).toBe(total + 2);
  });
});
