import { describe, expect, it } from "vitest";
import { classify } from "../../classify";
import { VerdictMemo } from "./verdict-memo";

const replies: [string | null, number | null, string | null][] = [
  ["5.1.1", 550, "smtp;550 5.1.1 <a@example.com>: Recipient address rejected: User unknown"],
  ["5.7.1", 554, "smtp;550 5.1.1 <a@example.com>: Recipient address rejected: User unknown"],
  [null, 550, "smtp;550 5.1.1 <a@example.com>: Recipient address rejected: User unknown"],
  ["5.1.1", null, "smtp;550 5.1.1 <a@example.com>: Recipient address rejected: User unknown"],
  ["4.4.7 (delivery time expired)", 421, "smtp;421 4.4.7 Message expired"],
  ["5.2.2", 552, null],
  [null, null, null],
  [null, 421, "Connection timed out"],
];

describe("VerdictMemo", () => {
  it("gives classify's verdict for every reply, repeated or told apart only by status or code", () => {
    const memo = new VerdictMemo();
    for (let round = 0; round < 3; round++) {
      for (const [status, replyCode, diagnostic] of replies) {
        expect(memo.classify(status, replyCode, diagnostic)).toEqual(classify({ status, replyCode, diagnostic }));
      }
    }
  });

  it("stays exact past the replies it keeps", () => {
    const memo = new VerdictMemo();
    const texts = ["User unknown", "Mailbox full", "blocked using zen.spamhaus.org", "Relay access denied"];
    for (let i = 0; i < 40_000; i++) {
      const diagnostic = `smtp;550 ${texts[i % texts.length]} ${i % 35_000}`;
      expect(memo.classify("5.0.0", 550, diagnostic)).toEqual(classify({ status: "5.0.0", replyCode: 550, diagnostic }));
    }
  });
});
