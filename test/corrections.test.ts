import { FIXTURES, testDir } from "./helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { classify } from "@/lib/classify";
import { applyCorrectionOn } from "@/lib/corrections/actions";
import { insertCorrection, settleSubscribers, type BounceToCorrect } from "@/lib/corrections/store";
import { sqlite } from "@/lib/db/sqlite";
import { tallyDrift } from "@/lib/db/tallies";
import { listEvents, listSubscriberHistory } from "@/lib/queries/events";
import { applyCorrection, correctBounce, CorrectionError, iterateCorrectionExport, listCorrections, undoCorrection } from "@/lib/queries/corrections";
import { countCorrected, getSubscriber, listSubscribers, parseSubscriberFilter } from "@/lib/queries/subscribers";
import { updateTask } from "@/lib/queries/tasks";
import { apiTokenFor } from "./helpers/api-token";
import { importFile } from "./helpers/import-file";

// A reply Rebound's rules file as one thing and the team knows to be another.
const REPLY = (email: string) => `550 5.1.1 <${email}>: Recipient address rejected: Mailbox moved to the archive cluster`;
const TEAM_SAYS = "inactive-mailbox";
const RULES_SAY = classify({ status: "5.1.1", replyCode: null, diagnostic: REPLY("x@y.example") }).category;

const db = () => sqlite();
const idOf = (email: string) => db().prepare("SELECT id FROM Subscriber WHERE email = ?").pluck().get(email) as number;
const subscriber = (email: string) =>
  db().prepare("SELECT category, ruleCategory, status FROM Subscriber WHERE email = ?").get(email) as {
    category: string;
    ruleCategory: string;
    status: string;
  };
const bouncesOf = (email: string) =>
  db()
    .prepare(
      "SELECT b.id, b.category, b.categorySource, b.ruleId, b.ruleCategory, b.exportCategory FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId WHERE s.email = ? ORDER BY b.occurredAt",
    )
    .all(email) as { id: number; category: string; categorySource: string; ruleId: string; ruleCategory: string; exportCategory: string | null }[];

function writeCsv(name: string, lines: string[]): string {
  const file = path.join(testDir, name);
  fs.writeFileSync(file, lines.join("\n"));
  return file;
}

/** A PowerMTA accounting file: its rows carry the export's own category (bounceCat). */
function writePmta(name: string, rows: [email: string, time: string, diagnostic: string, bounceCat: string][]): string {
  const header = "type,timeLogged,rcpt,dsnStatus,dsnDiag,dsnMta,bounceCat";
  return writeCsv(name, [
    header,
    ...rows.map(([email, time, diag, cat]) => `b,${time},${email},5.1.1 (bad destination mailbox address),"smtp;${diag}",mx.example,${cat}`),
  ]);
}

beforeAll(async () => {
  expect(RULES_SAY).not.toBe(TEAM_SAYS);
  await importFile(
    writeCsv("first.csv", [
      "email,date,status,diagnostic",
      `ana@one.example,2026-11-01,5.1.1,${REPLY("ana@one.example")}`,
      `bea@two.example,2026-11-02,5.1.1,${REPLY("bea@two.example")}`,
      `carl@three.example,2026-11-03,5.1.1,${REPLY("carl@three.example")}`,
      // Carl's latest bounce says something else: correcting his older one leaves him where he is.
      "carl@three.example,2026-11-10,4.2.2,452 4.2.2 Mailbox full",
      "dan@four.example,2026-11-04,5.1.1,550 5.1.1 User unknown",
    ]),
  );
  await importFile(writePmta("pmta.csv", [["eve@five.example", "2026-11-05 10:00:00+0000", REPLY("eve@five.example"), "bad-mailbox"]]));
});

describe("correcting one bounce", () => {
  it("moves the bounce and its subscriber, and says who did it and when", async () => {
    const [bounce] = bouncesOf("ana@one.example");
    expect(bounce.category).toBe(RULES_SAY);
    const { correction, subscriberId } = await correctBounce(bounce.id, TEAM_SAYS, "Ana Member");
    expect(subscriberId).toBe(idOf("ana@one.example"));
    expect(correction).toMatchObject({ category: TEAM_SAYS, covers: "bounce", createdBy: "Ana Member", bounces: 1, rulesSay: RULES_SAY });
    expect(correction.replyKey).toBe("550 5.1.1 <{address}>: recipient address rejected: mailbox moved to the archive cluster");
    expect(bouncesOf("ana@one.example")[0]).toMatchObject({
      category: TEAM_SAYS,
      categorySource: "team",
      ruleId: `team-${correction.id}`,
      ruleCategory: TEAM_SAYS,
    });
    expect(subscriber("ana@one.example")).toMatchObject({ category: TEAM_SAYS, ruleCategory: TEAM_SAYS, status: "open" });
    // Only that bounce: Bea has the same reply and stays.
    expect(subscriber("bea@two.example").category).toBe(RULES_SAY);
    const history = await listSubscriberHistory({ id: subscriberId, domain: "one.example", lastImportId: "" });
    expect(history[0]).toMatchObject({ actor: "Ana Member", action: "correction.made" });
    expect(history[0].detail).toContain("to Inactive or disabled mailbox");
    expect(tallyDrift(db())).toEqual([]);
  });

  it("moves a subscriber only when the corrected bounce is their latest", async () => {
    const [older] = bouncesOf("carl@three.example");
    await correctBounce(older.id, "other", "Ana Member");
    expect(bouncesOf("carl@three.example").map((b) => b.category)).toEqual(["other", "quota-issues"]);
    expect(subscriber("carl@three.example").category).toBe("quota-issues");
    expect(tallyDrift(db())).toEqual([]);
  });

  it("refuses what makes no sense, with a message that says why", async () => {
    const [bounce] = bouncesOf("dan@four.example");
    await expect(correctBounce(bounce.id, bounce.category, "Ana")).rejects.toThrow(/already in/);
    await expect(correctBounce(999_999, "other", "Ana")).rejects.toThrow(CorrectionError);
    await expect(correctBounce(bounce.id, "not-a-category", "Ana")).rejects.toThrow(/Unknown category/);
  });

  it("puts an in-progress subscriber back to open when the new category's checklist has nothing ticked", async () => {
    const id = idOf("dan@four.example");
    await updateTask(`subscriber~${id}~bad-mailbox~phone-subscriber`, { done: true, actor: "Ana" });
    expect(subscriber("dan@four.example").status).toBe("in_progress");
    const [bounce] = bouncesOf("dan@four.example");
    const { correction } = await correctBounce(bounce.id, "quota-issues", "Ana");
    expect(subscriber("dan@four.example")).toMatchObject({ category: "quota-issues", status: "open" });
    await undoCorrection(correction.id, "Ana");
    expect(subscriber("dan@four.example")).toMatchObject({ category: "bad-mailbox", status: "in_progress" });
    expect(tallyDrift(db())).toEqual([]);
  });
});

describe("applying a correction to every bounce with the same reply", () => {
  let correctionId = 0;

  it("moves every bounce with that reply, whatever the address, and the export's category too", async () => {
    correctionId = (await listCorrections({ page: 1, pageSize: 50 })).data.find((c) => c.createdBy === "Ana Member" && c.category === TEAM_SAYS)!.id;
    const result = await applyCorrection(correctionId, "Bea Member");
    // Bea's, Carl's older one (taken over from the correction to "other"), Eve's from PowerMTA.
    expect(result).toEqual({ bounces: 3, subscribers: 2 });
    expect(subscriber("bea@two.example").category).toBe(TEAM_SAYS);
    expect(subscriber("eve@five.example").category).toBe(TEAM_SAYS);
    expect(subscriber("carl@three.example").category).toBe("quota-issues");
    expect(bouncesOf("eve@five.example")[0]).toMatchObject({ categorySource: "team", exportCategory: "bad-mailbox" });
    // Carl's correction to "other" had no bounce left: it is gone.
    const list = await listCorrections({ page: 1, pageSize: 50 });
    expect(list.data.map((c) => [c.category, c.covers, c.bounces])).toEqual([[TEAM_SAYS, "reply", 4]]);
    expect(list.data[0]).toMatchObject({ appliedBy: "Bea Member" });
    expect((await listEvents({ q: "to every bounce with the reply", page: 1, pageSize: 5 })).data[0]).toMatchObject({
      actor: "Bea Member",
      subjectType: "correction",
    });
    await expect(applyCorrection(correctionId, "Bea Member")).rejects.toThrow(/already covers/);
    expect(tallyDrift(db())).toEqual([]);
  });

  it("lists the corrected subscribers on the category page's filter", async () => {
    const corrected = await listSubscribers(parseSubscriberFilter({ category: TEAM_SAYS, corrected: "1" }));
    expect(corrected.data.map((s) => s.email).sort()).toEqual(["ana@one.example", "bea@two.example", "eve@five.example"]);
    expect(await countCorrected(TEAM_SAYS)).toBe(3);
    expect(await countCorrected("quota-issues")).toBe(0);
  });

  it("shows the correction on the subscriber page", async () => {
    const page = (await getSubscriber(idOf("eve@five.example")))!;
    expect(page.bounces[0]).toMatchObject({ category: TEAM_SAYS, categorySource: "team", exportCategory: "bad-mailbox" });
    expect(page.bounces[0].correction).toMatchObject({ id: correctionId, createdBy: "Ana Member", covers: "reply" });
  });

  it("decides later imports: the reply lands in the corrected category, over the export's own", async () => {
    await importFile(
      writeCsv("later.csv", [
        "email,date,status,diagnostic",
        `fay@six.example,2026-11-20,5.1.1,${REPLY("fay@six.example")}`,
        "gil@seven.example,2026-11-20,5.1.1,550 5.1.1 User unknown",
      ]),
    );
    await importFile(writePmta("later-pmta.csv", [["hal@eight.example", "2026-11-21 10:00:00+0000", REPLY("hal@eight.example"), "bad-domain"]]));
    expect(bouncesOf("fay@six.example")[0]).toMatchObject({
      category: TEAM_SAYS,
      categorySource: "team",
      ruleId: `team-${correctionId}`,
      exportCategory: null,
    });
    expect(bouncesOf("hal@eight.example")[0]).toMatchObject({ category: TEAM_SAYS, categorySource: "team", exportCategory: "bad-domain" });
    expect(subscriber("gil@seven.example").category).toBe("bad-mailbox");
    expect(tallyDrift(db())).toEqual([]);
  });

  it("catches up with a correction applied while an import was running", async () => {
    const lines = ["email,date,status,diagnostic"];
    for (let i = 0; i < 40; i++) lines.push(`late${i}@nine.example,2026-11-22,5.2.2,552 5.2.2 Quota exceeded for ${i} messages (mailbox ${i})`);
    const other = bouncesOf("gil@seven.example")[0];
    let applied = false;
    const during = await importFile(writeCsv("during.csv", lines), {
      batchSize: 10,
      onProgress: () => {
        if (applied) return;
        applied = true;
        // Made on the first stored bounce of this import, applied before its other rows are written.
        const first = db()
          .prepare("SELECT b.id FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId WHERE s.email = 'late0@nine.example'")
          .pluck()
          .get() as number;
        // In this thread, so that it lands between two of the import's batches. Stored directly: the
        // subscriber is still arriving, so the pages would refuse it (arriving.ts); the import's
        // catch-up is what this checks.
        const bounce = db()
          .prepare("SELECT id, subscriberId, category, categorySource, ruleId, dsnStatus, replyCode, diagnostic FROM Bounce WHERE id = ?")
          .get(first) as BounceToCorrect;
        const made = db()
          .transaction(() => {
            const id = insertCorrection(db(), bounce, "content-related", "Ana", Date.now());
            settleSubscribers(db(), [bounce.subscriberId], Date.now());
            return id;
          })
          .immediate();
        applyCorrectionOn(db(), made, "Ana");
      },
    });
    expect(during.outcome, JSON.stringify(during.outcome)).toMatchObject({ status: "done" });
    expect(applied).toBe(true);
    expect(db().prepare("SELECT count(*) FROM Subscriber WHERE email LIKE 'late%' AND category = 'content-related'").pluck().get()).toBe(40);
    expect(bouncesOf("gil@seven.example")[0]).toEqual(other);
    expect(tallyDrift(db())).toEqual([]);
  });

  it("exports every correction with its reply, category, author, date and bounces", () => {
    const rows = [...iterateCorrectionExport()];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      REPLY("ana@one.example"),
      "5.1.1",
      550,
      TEAM_SAYS,
      RULES_SAY,
      "reply",
      "Ana Member",
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      6,
      "550 5.1.1 <{address}>: recipient address rejected: mailbox moved to the archive cluster",
    ]);
  });

  it("undoes: the bounces go back to the rules or the export's category, and the subscribers follow", async () => {
    const result = await undoCorrection(correctionId, "Carla Admin");
    expect(result).toEqual({ bounces: 6, subscribers: 5 });
    expect(bouncesOf("ana@one.example")[0]).toMatchObject({ category: RULES_SAY, categorySource: "rule", ruleCategory: RULES_SAY, exportCategory: null });
    expect(bouncesOf("eve@five.example")[0]).toMatchObject({ category: "bad-mailbox", categorySource: "export", exportCategory: null });
    expect(bouncesOf("hal@eight.example")[0]).toMatchObject({ category: "bad-domain", categorySource: "export" });
    expect(subscriber("eve@five.example").category).toBe("bad-mailbox");
    expect(subscriber("fay@six.example").category).toBe(RULES_SAY);
    expect((await listCorrections({ page: 1, pageSize: 50 })).data.map((c) => c.category)).toEqual(["content-related"]);
    expect((await listEvents({ q: "undid", page: 1, pageSize: 5 })).data[0]).toMatchObject({ actor: "Carla Admin", action: "correction.undone" });
    expect(tallyDrift(db())).toEqual([]);
  });

  it("leaves later imports to the rules once undone", async () => {
    await importFile(writeCsv("after-undo.csv", ["email,date,status,diagnostic", `ivy@ten.example,2026-11-25,5.1.1,${REPLY("ivy@ten.example")}`]));
    expect(bouncesOf("ivy@ten.example")[0]).toMatchObject({ category: RULES_SAY, categorySource: "rule" });
  });
});

describe("the corrections API", () => {
  it("lets members correct and refuses viewers with 403", async () => {
    const { POST } = await import("@/app/api/corrections/route");
    const [bounce] = bouncesOf("ivy@ten.example");
    const call = (token: string, body: unknown) =>
      POST(
        new Request("http://127.0.0.1/api/corrections", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
    const viewer = await apiTokenFor("viewer@corrections.example", "viewer");
    const refused = await call(viewer, { bounceId: bounce.id, category: "other" });
    expect(refused.status).toBe(403);
    expect(bouncesOf("ivy@ten.example")[0].category).toBe(RULES_SAY);

    const member = await apiTokenFor("member@corrections.example", "member");
    const bad = await call(member, { bounceId: bounce.id, category: "nonsense" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/category/);
    const made = await call(member, { bounceId: bounce.id, category: "other" });
    expect(made.status).toBe(201);
    expect((await made.json()).correction).toMatchObject({ category: "other", covers: "bounce" });

    const { DELETE } = await import("@/app/api/corrections/[id]/route");
    const gone = await DELETE(new Request("http://127.0.0.1/api/corrections/999999", { method: "DELETE", headers: { authorization: `Bearer ${member}` } }), {
      params: Promise.resolve({ id: "999999" }),
    });
    expect(gone.status).toBe(404);
  });

  it("exports corrections as CSV whose cells a spreadsheet will not run", async () => {
    await importFile(path.join(FIXTURES, "xss-diagnostic.csv"));
    const [formula] = bouncesOf("formula@example.com");
    await correctBounce(formula.id, "other", "Ana");
    const { GET } = await import("@/app/api/corrections/export/route");
    const member = await apiTokenFor("exporter@corrections.example", "member");
    const res = await GET(new Request("http://127.0.0.1/api/corrections/export", { headers: { authorization: `Bearer ${member}` } }));
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await res.text();
    expect(text.split("\r\n")[0]).toBe("reply,dsn_status,reply_code,category,rules_say,covers,corrected_by,corrected_at,bounces,reply_key");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });
});
