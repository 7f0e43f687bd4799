import { describe, expect, it } from "vitest";
import { replyKey, replyKeyWords } from "./reply-key";

/** Replies that must count as the same reply: one key for all of them. */
function expectSame(...replies: string[]) {
  const keys = new Set(replies.map(replyKey));
  expect([...keys], replies.join("\n")).toHaveLength(1);
}

describe("replyKey", () => {
  it("masks the recipient's address, wherever the server writes it", () => {
    expect(replyKey("550 5.1.1 <ana.garcia@acme.example>: Recipient address rejected: User unknown")).toBe(
      "550 5.1.1 <{address}>: recipient address rejected: user unknown",
    );
    expectSame("550 5.1.1 <ana@acme.example>: Recipient address rejected", "550 5.1.1 <luis.perez+news@mail.other.example>: Recipient address rejected");
    expect(replyKey("rcpt:john.doe@example.com... user unknown")).toBe("rcpt:{address}... user unknown");
  });

  it("ignores case, runs of whitespace, accents and the diagnostic's type prefix", () => {
    expectSame(
      "smtp;550 5.2.1 Boîte aux lettres désactivée",
      "550  5.2.1   BOITE AUX LETTRES DESACTIVEE",
      "  SMTP; 550 5.2.1 boite aux lettres\tdésactivée ",
      "x-postfix; 550 5.2.1 Boîte aux lettres désactivée",
    );
    expect(replyKey("Empfänger unbekannt: Postfach existiert nicht")).toBe("empfanger unbekannt: postfach existiert nicht");
  });

  it("masks IPv4 and IPv6 addresses, ids, host numbers and counts", () => {
    expectSame(
      "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org",
      "554 5.7.1 Service unavailable; Client host [203.0.113.250] blocked using zen.spamhaus.org",
      "554 5.7.1 Service unavailable; Client host [2001:db8::1] blocked using zen.spamhaus.org",
    );
    expectSame(
      "550-5.1.1 https://support.google.com/mail/?p=NoSuchUser d2e1a72fcca58-7a1b2c3d4si123456pfh.45 - gsmtp",
      "550-5.1.1 https://support.google.com/mail/?p=NoSuchUser a640c23a62f3a-5e9b1c2d3si2345ejc.7 - gsmtp",
    );
    expectSame("421 4.4.2 Connection dropped by mx12.company55.example", "421 4.4.2 Connection dropped by mta7.company9.example");
    expectSame("452 4.2.2 Mailbox full: 1234567 bytes exceeds 1000000", "452 4.2.2 Mailbox full: 98 bytes exceeds 50");
    expect(replyKey("554 5.7.0 Message content rejected, UBE, id=4F9D12345AB")).toBe("554 5.7.0 message content rejected, ube, id={id}");
  });

  it("masks dates and times as servers write them", () => {
    expectSame(
      "Message expired on Tue, 01 Dec 2026 10:00:00 +0000 after 5 days",
      "Message expired on Wed, 2 Dec 2026 23:59:01 +0100 after 4 days",
      "Message expired on 2026-12-03T08:00:00.123Z after 5 days",
      "Message expired on 03/12/2026 08:00 after 5 days",
      "Message expired on Dec 3, 2026 08:00 UTC after 5 days",
    );
    expect(replyKey("Message expired on Tue, 01 Dec 2026 10:00:00 +0000 after 5 days")).toBe("message expired on {date} after {number} days");
  });

  it("keeps reply codes and enhanced status codes: another code is another reply", () => {
    expect(replyKey("550 5.1.1 User unknown")).not.toBe(replyKey("450 4.1.1 User unknown"));
    expect(replyKey("550-5.1.1 User unknown")).toBe("550-5.1.1 user unknown");
    expect(replyKey("5.1.10 RESOLVER.ADR.RecipientNotFound")).toBe("5.1.10 resolver.adr.recipientnotfound");
    // A three-digit count is not a reply code.
    expectSame("550 5.7.1 Too many recipients (512)", "550 5.7.1 Too many recipients (100)");
  });

  it("tells different replies apart", () => {
    expect(replyKey("550 5.1.1 User unknown")).not.toBe(replyKey("550 5.1.1 Mailbox disabled"));
    expect(replyKey("550 5.1.1 <a@b.example>: user unknown")).not.toBe(replyKey("550 5.1.1 user unknown"));
  });

  it("is empty for no reply, and keys only the start of a very long reply", () => {
    expect(replyKey(null)).toBe("");
    expect(replyKey("")).toBe("");
    expect(replyKey("   ")).toBe("");
    const long = `550 5.7.1 Rejected ${"x".repeat(3000)}`;
    expect(replyKey(long)).toBe(replyKey(`${long}and more`));
    expect(replyKey(long).length).toBeLessThanOrEqual(2000);
  });

  it("never throws on odd text", () => {
    for (const odd of ["@", "@@", "a@", "@b", "::", "1:2", "12:", "99 Dec", "Tue, 99", "550", "\u0000\u{1F4E7}", "ｆｕｌｌ ５５０", "İstanbul"]) {
      expect(typeof replyKey(odd)).toBe("string");
    }
  });
});

describe("replyKeyWords", () => {
  it("picks the longest words outside the masks, which every ASCII reply with that key contains", () => {
    const reply = "550 5.1.1 <ana@acme.example>: Recipient address rejected: User unknown";
    const words = replyKeyWords(replyKey(reply));
    expect(words).toEqual(["recipient", "rejected", "address"]);
    for (const word of words) expect(reply.toLowerCase()).toContain(word);
    expect(replyKeyWords(replyKey("550 5.1.1 <a@b.example> 12"))).toEqual([]);
  });
});
