import "./helpers/test-db";
import { describe, expect, it } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { tallyDrift } from "@/lib/db/tallies";
import { listImportTasks } from "@/lib/queries/domains";
import { listImports } from "@/lib/queries/imports";
import { updateTask } from "@/lib/queries/tasks";
import { processPendingEvents } from "@/lib/webhooks/processor";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { createSource } from "@/lib/webhooks/sources";

// One rolling import per webhook source and UTC day (and campaign): later passes append to it, a
// failing pass is taken back alone and its events wait, tallies stay equal to a recount. Requests go
// through the real receiving code into a real database file, and the passes through the real queue.

const db = () => sqlite();
const scalar = (sql: string, ...p: unknown[]) =>
  db()
    .prepare(sql)
    .pluck()
    .get(...p) as number;
const at = (day: string, time: string) => Date.parse(`${day}T${time}Z`);

interface Source {
  id: string;
  auth: string;
}

async function basicSource(provider: "postmark" | "sparkpost"): Promise<Source> {
  const { id, credentials } = await createSource({ provider });
  return { id, auth: `Basic ${Buffer.from(`${credentials!.user}:${credentials!.password}`).toString("base64")}` };
}

async function send(provider: "postmark" | "sparkpost", source: Source, events: object[], receivedAt: number) {
  const request = new Request(`http://rebound.test/api/webhooks/${provider}/${source.id}`, {
    method: "POST",
    body: JSON.stringify(events),
    headers: { "content-type": "application/json", authorization: source.auth },
  });
  const answer = await receiveWebhook(request, provider, source.id, { now: () => receivedAt, schedule: false });
  expect(answer.status).toBe(200);
  return (await answer.json()) as { received: boolean; duplicate: boolean };
}

let nextId = 1;
const SPAM = "smtp;550 5.7.1 Message rejected as spam by the content filter";
const UNKNOWN = "smtp;550 5.1.1 <x>: Recipient address rejected: User unknown";
/** A Postmark bounce event (a new event id each time unless given). */
const bounce = (email: string, bouncedAt: string, details = UNKNOWN, id = nextId++) => ({
  RecordType: "Bounce",
  MessageStream: "outbound",
  ID: id,
  Type: "HardBounce",
  TypeCode: 1,
  Email: email,
  BouncedAt: bouncedAt,
  Details: details,
});
const delivery = (email: string) => ({
  RecordType: "Delivery",
  MessageStream: "outbound",
  ID: nextId++,
  MessageID: `m-${nextId}`,
  Recipient: email,
  DeliveredAt: "2026-12-07T08:00:00Z",
});

interface ImportCounts {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  undated: number;
  complaints: number;
}
const COUNTS = "rows, accepted, duplicates, rejected, skipped, undated, complaints";
const rolling = (name: string) =>
  db().prepare(`SELECT id, rollingKey, status, passes, ${COUNTS} FROM Import WHERE appendTo IS NULL AND fileName = ?`).all(name) as (ImportCounts & {
    id: string;
    rollingKey: string;
    status: string;
    passes: number;
  })[];
const passesOf = (key: string) =>
  db().prepare(`SELECT id, status, ${COUNTS} FROM Import WHERE appendTo = ? ORDER BY createdAt, rowid`).all(key) as (ImportCounts & {
    id: string;
    status: string;
  })[];

/** What an import's counts must be: the sum of its merged passes'. */
function sumOf(passes: ImportCounts[]): ImportCounts {
  const sum: ImportCounts = { rows: 0, accepted: 0, duplicates: 0, rejected: 0, skipped: 0, undated: 0, complaints: 0 };
  for (const p of passes) for (const k of Object.keys(sum) as (keyof ImportCounts)[]) sum[k] += p[k];
  return sum;
}

/** Everything a rolling import owns is under its own id; nothing is left under a pass's. */
function expectWhole(importId: string, key: string): void {
  const passIds = passesOf(key).map((p) => p.id);
  for (const table of ["Bounce", "RejectedRow", "BounceTally", "SubscriberTally"]) {
    expect(
      scalar(
        `SELECT count(*) FROM ${table} WHERE importId IN (${passIds.map(() => "?").join(",")}) AND ${table.endsWith("Tally") ? "n <> 0" : "1"}`,
        ...passIds,
      ),
    ).toBe(0);
  }
  expect(scalar("SELECT count(*) FROM Subscriber WHERE lastImportId IN (SELECT id FROM Import WHERE appendTo = ?)", key)).toBe(0);
  const accepted = scalar("SELECT accepted FROM Import WHERE id = ?", importId);
  expect(scalar("SELECT count(*) FROM Bounce WHERE importId = ?", importId)).toBe(accepted);
  expect(scalar("SELECT coalesce(sum(n), 0) FROM BounceTally WHERE importId = ?", importId)).toBe(accepted);
  // Line numbers count on across passes: no two rejected rows of the import share one.
  expect(scalar("SELECT count(*) - count(DISTINCT line) FROM RejectedRow WHERE importId = ?", importId)).toBe(0);
  expect(tallyDrift(db())).toEqual([]);
}

describe("one rolling import per source and UTC day", () => {
  it("three passes in one day make one import whose counts are the sum, with its campaign steps", async () => {
    const source = await basicSource("postmark");
    const day = "2026-12-07";
    const name = `Postmark webhook — ${day}`;

    // Pass 1: two bounces, one not an address (rejected), a delivery (not kept as an event).
    await send(
      "postmark",
      source,
      [
        bounce("ro.one@rolling.example", "2026-12-07T09:00:00Z", SPAM),
        bounce("ro.two@rolling.example", "2026-12-07T09:01:00Z"),
        bounce("not an address", "2026-12-07T09:02:00Z"),
        delivery("ro.one@rolling.example"),
      ],
      at(day, "09:05:00"),
    );
    const first = await processPendingEvents();
    expect(first).toHaveLength(1);
    const [afterOne] = rolling(name);
    expect(afterOne).toMatchObject({ id: first[0], status: "done", passes: 1, rows: 3, accepted: 2, rejected: 1, duplicates: 0 });

    // The team ticks a campaign step of the day's import after the first pass.
    const steps = await listImportTasks(afterOne.id);
    const spam = steps.find((s) => s.category === "spam-related");
    expect(spam, JSON.stringify(steps)).toBeDefined();
    await updateTask(spam!.tasks[0].id, { done: true, actor: "Ana" });

    // Pass 2: a known address bounces again (later), the same bounce once more under another event id
    // (a duplicate in the import), another spam bounce, another rejected row.
    await send(
      "postmark",
      source,
      [
        bounce("ro.one@rolling.example", "2026-12-07T12:00:00Z", SPAM),
        bounce("ro.two@rolling.example", "2026-12-07T09:01:00Z"),
        bounce("ro.three@rolling.example", "2026-12-07T12:01:00Z", SPAM),
        bounce("still not one", "2026-12-07T12:02:00Z"),
      ],
      at(day, "12:05:00"),
    );
    expect(await processPendingEvents()).toEqual([afterOne.id]);
    // Pass 3: one more, at 14:02.
    await send("postmark", source, [bounce("ro.four@rolling.example", "2026-12-07T14:00:00Z")], at(day, "14:02:00"));
    expect(await processPendingEvents()).toEqual([afterOne.id]);

    const imports = rolling(name);
    expect(imports).toHaveLength(1);
    const [whole] = imports;
    const passes = passesOf(whole.rollingKey);
    expect(passes.map((p) => p.status)).toEqual(["merged", "merged", "merged"]);
    expect(passes.map((p) => p.accepted)).toEqual([2, 2, 1]);
    expect(whole).toMatchObject({ ...sumOf(passes), passes: 3, rows: 8, accepted: 5, duplicates: 1, rejected: 2 });
    expectWhole(whole.id, whole.rollingKey);
    expect(scalar("SELECT bounceCount FROM Subscriber WHERE email = 'ro.one@rolling.example'")).toBe(2);
    expect(db().prepare("SELECT fedBy, lastFedAt FROM Import WHERE id = ?").get(whole.id)).toEqual({
      fedBy: "Postmark webhook",
      lastFedAt: at(day, "14:02:00"),
    });
    // Every event points at the day's import, processed.
    expect(scalar("SELECT count(*) FROM WebhookEvent WHERE sourceId = ? AND (processedAt IS NULL OR importId <> ?)", source.id, whole.id)).toBe(0);

    // The campaign step covers the later passes' subscribers too, and stays ticked.
    const after = (await listImportTasks(whole.id)).find((s) => s.category === "spam-related")!;
    expect(after.subscribers).toBe(2);
    expect(after.tasks[0]).toMatchObject({ id: spam!.tasks[0].id, done: true, doneBy: "Ana" });
    // The list shows the day's import once; its passes are not imports of their own.
    expect((await listImports(50)).filter((i) => i.fileName === name).map((i) => [i.id, i.passes])).toEqual([[whole.id, 3]]);
  });

  it("a failing second pass is taken back alone: the first stays, its events wait and go in on the retry", async () => {
    const source = await basicSource("postmark");
    const day = "2026-12-08";
    await send(
      "postmark",
      source,
      [bounce("fa.one@rolling.example", "2026-12-08T09:00:00Z"), bounce("fa.two@rolling.example", "2026-12-08T09:00:00Z", SPAM)],
      at(day, "09:00:00"),
    );
    const [id] = await processPendingEvents();
    const snapshot = () => ({
      importRow: db().prepare(`SELECT passes, fedBy, lastFedAt, ${COUNTS} FROM Import WHERE id = ?`).get(id),
      bounces: db().prepare("SELECT * FROM Bounce WHERE importId = ? ORDER BY id").all(id),
      // updatedAt aside: the pass did change the known subscriber, and the rollback changed it back.
      subscribers: db()
        .prepare("SELECT * FROM Subscriber WHERE email LIKE 'fa.%' ORDER BY id")
        .all()
        .map((s) => ({ ...(s as object), updatedAt: undefined })),
    });
    const before = snapshot();

    // The second pass fails once all its rows are in (as it is appended): an injected error.
    db().exec(`CREATE TRIGGER inject_failure BEFORE UPDATE OF importId ON Bounce
      WHEN NEW.subscriberId IN (SELECT id FROM Subscriber WHERE email = 'fa.boom@rolling.example')
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    await send(
      "postmark",
      source,
      [
        bounce("fa.one@rolling.example", "2026-12-08T11:00:00Z", SPAM),
        bounce("fa.boom@rolling.example", "2026-12-08T11:00:00Z"),
        bounce("fa.three@rolling.example", "2026-12-08T11:00:00Z"),
      ],
      at(day, "11:00:00"),
    );
    const secondEvents = () =>
      db().prepare("SELECT processedAt, importId FROM WebhookEvent WHERE sourceId = ? AND receivedAt = ?").all(source.id, at(day, "11:00:00")) as {
        processedAt: number | null;
        importId: string | null;
      }[];
    try {
      await expect(processPendingEvents()).rejects.toThrow(/injected failure/);
    } finally {
      db().exec("DROP TRIGGER inject_failure");
    }
    expect(snapshot()).toEqual(before);
    expect(scalar("SELECT count(*) FROM Subscriber WHERE email IN ('fa.boom@rolling.example', 'fa.three@rolling.example')")).toBe(0);
    expect(secondEvents()).toEqual([
      { processedAt: null, importId: null },
      { processedAt: null, importId: null },
      { processedAt: null, importId: null },
    ]);
    const key = db().prepare("SELECT rollingKey FROM Import WHERE id = ?").pluck().get(id) as string;
    expect(passesOf(key).map((p) => [p.status, p.rows, p.accepted])).toEqual([
      ["merged", 2, 2],
      ["failed", 0, 0],
    ]);
    expect(tallyDrift(db())).toEqual([]);

    // Tried again: appended to the same import.
    expect(await processPendingEvents()).toEqual([id]);
    expect(secondEvents().every((e) => e.importId === id && e.processedAt !== null)).toBe(true);
    const merged = passesOf(key).filter((p) => p.status === "merged");
    expect(rolling(`Postmark webhook — ${day}`)[0]).toMatchObject({ ...sumOf(merged), passes: 2, accepted: 5 });
    expect(scalar("SELECT bounceCount FROM Subscriber WHERE email = 'fa.one@rolling.example'")).toBe(2);
    expectWhole(id, key);
  });

  it("a new UTC day makes a new import; a redelivery adds nothing", async () => {
    const source = await basicSource("postmark");
    const late = [bounce("dy.one@rolling.example", "2026-12-09T23:58:00Z")];
    const early = [bounce("dy.two@rolling.example", "2026-12-10T00:00:30Z")];
    await send("postmark", source, late, at("2026-12-09", "23:59:00"));
    await send("postmark", source, early, at("2026-12-10", "00:01:00"));
    const ids = await processPendingEvents();
    expect(ids.map((id) => db().prepare("SELECT fileName FROM Import WHERE id = ?").pluck().get(id))).toEqual([
      "Postmark webhook — 2026-12-09",
      "Postmark webhook — 2026-12-10",
    ]);
    const bounces = scalar("SELECT count(*) FROM Bounce");
    const counts = () =>
      db()
        .prepare(`SELECT id, passes, ${COUNTS} FROM Import WHERE id IN (?, ?)`)
        .all(...ids);
    const before = counts();

    // The platform sends both again (same event ids), later that day.
    expect(await send("postmark", source, late, at("2026-12-10", "09:00:00"))).toEqual({ received: true, duplicate: true });
    expect(await send("postmark", source, [...early, ...late], at("2026-12-10", "09:00:01"))).toEqual({ received: true, duplicate: true });
    expect(await processPendingEvents()).toEqual([]);
    expect(scalar("SELECT count(*) FROM Bounce")).toBe(bounces);
    expect(counts()).toEqual(before);
    expect(tallyDrift(db())).toEqual([]);
  });

  it("events naming a campaign (SparkPost campaign_id) get a rolling import per campaign", async () => {
    const source = await basicSource("sparkpost");
    const event = (email: string, campaign: string | null) => ({
      msys: {
        message_event: {
          type: "bounce",
          event_id: `sp-${nextId++}`,
          rcpt_to: email,
          timestamp: "1796000000",
          bounce_class: "10",
          raw_reason: "550 5.1.1 user unknown",
          ...(campaign ? { campaign_id: campaign } : {}),
        },
      },
    });
    const day = "2026-12-11";
    await send(
      "sparkpost",
      source,
      [event("cp.one@rolling.example", "Winter sale"), event("cp.two@rolling.example", null), event("cp.three@rolling.example", "Winter sale")],
      at(day, "10:00:00"),
    );
    await send("sparkpost", source, [event("cp.four@rolling.example", "Winter sale")], at(day, "10:30:00"));
    const ids = await processPendingEvents();
    const imports = db()
      .prepare(`SELECT fileName, accepted, passes FROM Import WHERE id IN (${ids.map(() => "?").join(",")}) ORDER BY fileName`)
      .all(...ids);
    expect(imports).toEqual([
      { fileName: `SparkPost webhook — ${day}`, accepted: 1, passes: 1 },
      { fileName: `SparkPost webhook — ${day} — Winter sale`, accepted: 3, passes: 1 },
    ]);
    expect(tallyDrift(db())).toEqual([]);
  });
});
