import { describe, expect, it } from "vitest";
import { classify } from "../classify";
import { replyKey } from "../classify/reply-key";
import { correctionIdOf, correctionRuleId, decide, lookupOf, teamVerdict } from "./verdicts";

const REPLIES = [
  "550 5.1.1 <ana@acme.example>: Recipient address rejected: User unknown",
  "smtp;550-5.1.1 The email account that you tried to reach does not exist. 12 - gsmtp",
  "452 4.2.2 Mailbox full: luis@example.org",
  "Boîte aux lettres PLEINE, réessayez le 02/12/2026",
  "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org",
  "421 4.4.2 Connection dropped by mx12.company55.example",
  "Message expired on Tue, 01 Dec 2026 10:00:00 +0000 after 5 days",
];

describe("a correction lookup", () => {
  it("finds the correction for every reply with its key, whatever the address, case or accents", () => {
    for (const reply of REPLIES) {
      const lookup = lookupOf([[replyKey(reply), correctionRuleId(7), "other"]]);
      const twin = reply
        .replace(/ana@acme|luis@example/g, "zoe@elsewhere")
        .replace(/\d+/g, (n) => String(Number(n) + 1))
        .toUpperCase();
      expect(teamVerdict(lookup, reply), reply).toEqual({ ruleId: "team-7", category: "other" });
      if (replyKey(twin) === replyKey(reply)) expect(teamVerdict(lookup, twin), twin).toEqual({ ruleId: "team-7", category: "other" });
    }
  });

  it("skips ASCII replies that lack every key's longest word without making their key", () => {
    const lookup = lookupOf([[replyKey(REPLIES[0]), "team-1", "other"]]);
    expect(lookup.mayMatch("550 5.1.1 RECIPIENT unknown")).toBe(true);
    expect(lookup.mayMatch("452 4.2.2 Mailbox full")).toBe(false);
    // Beyond ASCII, a word may hide behind an accent: always keyed.
    expect(lookup.mayMatch("Boîte pleine")).toBe(true);
    expect(teamVerdict(lookup, "452 4.2.2 Mailbox full")).toBeUndefined();
  });

  it("answers nothing, and computes nothing, without corrections", () => {
    expect(teamVerdict(null, REPLIES[0])).toBeUndefined();
    expect(teamVerdict(lookupOf([]), REPLIES[0])).toBeUndefined();
    expect(teamVerdict(lookupOf([[replyKey(REPLIES[0]), "team-1", "other"]]), null)).toBeUndefined();
  });
});

describe("deciding a stored bounce again", () => {
  const reply = { dsnStatus: "5.1.1", replyCode: 550, diagnostic: REPLIES[0] };
  const rules = classify({ status: reply.dsnStatus, replyCode: reply.replyCode, diagnostic: reply.diagnostic });

  it("puts a correction first, then the export's category, then the rules", () => {
    const lookup = lookupOf([[replyKey(REPLIES[0]), "team-3", "inactive-mailbox"]]);
    expect(decide({ ...reply, exportCategory: "bad-domain" }, lookup)).toEqual({
      category: "inactive-mailbox",
      categorySource: "team",
      ruleId: "team-3",
      ruleCategory: "inactive-mailbox",
      exportCategory: "bad-domain",
    });
    expect(decide({ ...reply, exportCategory: "bad-domain" }, null)).toEqual({
      category: "bad-domain",
      categorySource: "export",
      ruleId: rules.ruleId,
      ruleCategory: rules.category,
      exportCategory: null,
    });
    expect(decide({ ...reply, exportCategory: null }, null)).toMatchObject({ category: rules.category, categorySource: "rule" });
  });

  it("reads a correction's id back from its rule id, and nothing from a rule's", () => {
    expect(correctionIdOf(correctionRuleId(42))).toBe(42);
    expect(correctionIdOf("mailbox-unknown")).toBeNull();
  });
});
