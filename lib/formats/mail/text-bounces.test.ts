import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readTextBounce, returnedCopy, type TextContext } from "./text-bounces";

const FIXTURES = path.resolve(__dirname, "../../../test/fixtures/mail");
/** The body of a plain-text fixture (everything after its header block). */
const body = (file: string) =>
  fs
    .readFileSync(path.join(FIXTURES, file), "utf8")
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join("\n\n");
const ctx = (over: Partial<TextContext> = {}): TextContext => ({ from: "MAILER-DAEMON@mx.example", subject: "Undelivered", failedRecipients: [], ...over });

describe("text bounces, per family of MTA", () => {
  it.each([
    [
      "exim-text.eml",
      "exim",
      "jordi.puig@vell.example",
      "550 5.1.1 <jordi.puig@vell.example>: Recipient address rejected: mailbox unavailable",
      "mx.vell.example",
    ],
    ["qmail-text.eml", "qmail", "piet.devries@oldhost.example", "550 5.1.1 No such user here", "192.0.2.88"],
    ["sendmail-old.eml", "sendmail", "m.okafor@legacy.example", "550 5.1.1 <m.okafor@legacy.example>... User unknown", "inbound.legacy.example"],
    ["gmail-text.eml", "gmail", "lena.fischer@gmail.com", "550 5.1.1 The email account that you tried to reach does not exist.", null],
    ["yahoo-text.eml", "yahoo", "sam.oduya@yahoo.com", "554: delivery error: dd This user doesn't have a yahoo.com account", "mta1031.mail.ne1.yahoo.com"],
    ["exchange-ndr.eml", "exchange", "h.tanaka@corp.example", "550 5.1.10 RESOLVER.ADR.RecipientNotFound", "EX01.corp.example"],
    ["postfix-text-only.eml", "postfix", "tomas.novak@posta.example", "550 5.7.1 <tomas.novak@posta.example>: Relay access denied", "mx1.posta.example"],
    ["domino-text.eml", "domino", "erik.berg@firm.example", "User erik.berg (erik.berg@firm.example) not listed in Domino Directory", null],
  ])("%s is read by the %s extractor", (file, family, email, reply, mta) => {
    const v = readTextBounce(body(file), ctx());
    expect(v?.family).toBe(family);
    expect(v?.delayed).toBe(false);
    expect(v?.bounces).toHaveLength(1);
    expect(v?.bounces[0].email).toBe(email);
    expect(v?.bounces[0].diagnostic).toContain(reply);
    expect(v?.bounces[0].remoteMta).toBe(mta);
  });

  it("reads labelled Japanese and Chinese bounces", () => {
    const jp = readTextBounce("このメールは配信できませんでした。\n\n宛先：yamada@isp.example\n理由：550 5.1.1 User unknown\n", ctx());
    expect(jp?.bounces[0]).toMatchObject({ email: "yamada@isp.example", diagnostic: "550 5.1.1 User unknown" });
    const cn = readTextBounce("被退回的邮件收件人：wang@mail.example\n退信原因：550 Mailbox not found\n", ctx());
    expect(cn?.bounces[0]).toMatchObject({ email: "wang@mail.example", diagnostic: "550 Mailbox not found" });
  });

  it("tells Exim and Sendmail delay warnings from bounces", () => {
    const exim = readTextBounce(
      "This message was created automatically by mail delivery software.\nA message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on relay.example.\n",
      ctx(),
    );
    expect(exim).toMatchObject({ family: "exim", delayed: true, bounces: [] });
    const sendmail = readTextBounce("   ----- The following addresses had transient non-fatal errors -----\n<a@b.example>\n", ctx());
    expect(sendmail).toMatchObject({ delayed: true });
  });

  it("falls back to X-Failed-Recipients and the first SMTP reply in a mailer daemon's text", () => {
    const v = readTextBounce(
      "Delivery to the following recipient failed permanently:\n\n   The server said: 550 5.2.1 mailbox disabled\n",
      ctx({ failedRecipients: ["gone@old.example"], subject: "Delivery failure" }),
    );
    expect(v).toMatchObject({ family: "generic", bounces: [{ email: "gone@old.example", diagnostic: "550 5.2.1 mailbox disabled" }] });
  });

  it("ignores the addresses of the returned copy and finds its headers", () => {
    const text = body("qmail-text.eml");
    const v = readTextBounce(text, ctx());
    expect(v?.bounces.map((b) => b.email)).toEqual(["piet.devries@oldhost.example"]);
    expect(returnedCopy(text)).toMatch(/^Return-Path: <newsletter@shop.example>/);
  });

  it("never takes the bounce's own addressee for the failed address, and prefers the one in the reply", () => {
    const transcript =
      "--- Session Transcript ---\n *  From: news@sender.example\n *  To: list@other.example\n --> RCPT To:<kim@dest.example>\n <-- 550 5.1.1 <kim@dest.example>: User unknown\n";
    const own = new Set(["news@sender.example"]);
    expect(readTextBounce(transcript, ctx({ subject: "Permanent Delivery Failure", own }))?.bounces).toEqual([
      { email: "kim@dest.example", diagnostic: "550 5.1.1 <kim@dest.example>: User unknown", remoteMta: null },
    ]);
    const policy = "Recipient: lee@dest.example\nReason: 550 Rejected by Anti-Spoofing policy: news@sender.example\n";
    expect(readTextBounce(policy, ctx({ own }))?.bounces.map((b) => b.email)).toEqual(["lee@dest.example"]);
  });

  it("keeps an address line's own words when no line reads like a reply", () => {
    const v = readTextBounce("The message that you sent was undeliverable to the following:\n\tann@dest.example (user not found)\n", ctx());
    expect(v?.bounces).toEqual([{ email: "ann@dest.example", diagnostic: "(user not found)", remoteMta: null }]);
  });

  it("reads a Microsoft NDR in any language: the address alone on a line, the reply quoted below it", () => {
    const ms = "Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@tenant.example>";
    const fr =
      "Votre message n'a pas pu être remis.\n\nInformations de diagnostic pour les administrateurs :\n\nServeur de génération : PR1.outlook.example\n\nluc@dest.example\nLe serveur distant a retourné « 550 5.1.10 RESOLVER.ADR.RecipientNotFound »\n\nEn-têtes de message d'origine :\n\nTo: other@dest.example\n";
    expect(readTextBounce(fr, ctx({ from: ms, subject: "Non remis : news" }))).toEqual({
      family: "exchange",
      delayed: false,
      bounces: [{ email: "luc@dest.example", diagnostic: "550 5.1.10 RESOLVER.ADR.RecipientNotFound", remoteMta: "PR1.outlook.example" }],
    });
    // Only the sender says it is Microsoft's; the words are in a language the reader has no heading for.
    const fi = "Viestiäsi ei voitu toimittaa.\n\nsatu@dest.example\nEtäpalvelin palautti '550 5.2.2 mailbox full'\n";
    expect(readTextBounce(fi, ctx({ from: ms, subject: "Ei voitu toimittaa: news" }))?.bounces).toEqual([
      { email: "satu@dest.example", diagnostic: "550 5.2.2 mailbox full", remoteMta: null },
    ]);
    expect(readTextBounce("satu@dest.example\n", ctx({ from: ms, subject: "Zustellung verzögert: news" }))).toMatchObject({ delayed: true });
  });

  it("files a translated Microsoft subject from an unknown sender under the catch-all", () => {
    const v = readTextBounce(
      "Messaggio non recapitato a pia@dest.example: 550 5.1.1 utente sconosciuto\n",
      ctx({ from: "it-ops@corp.example", subject: "Non recapitabile: news" }),
    );
    expect(v?.bounces.map((b) => b.email)).toEqual(["pia@dest.example"]);
  });

  it("takes the labelled line carrying an enhanced status over a reason in words", () => {
    const v = readTextBounce(
      "Recipient: kai@dest.example\nReason: refused by the remote server\nServer reply: 554 5.7.1 Service unavailable; client host blocked\n",
      ctx(),
    );
    expect(v?.bounces).toEqual([{ email: "kai@dest.example", diagnostic: "554 5.7.1 Service unavailable; client host blocked", remoteMta: null }]);
  });

  it("reads every address of a notice listing several, each with its own reason", () => {
    const v = readTextBounce(
      "以下の宛先に配信できませんでした。\n\n■宛先：aoki@dest.example\n■理由：550 5.1.1 unknown user\n\n■宛先：baba@dest.example\n■理由：552 5.2.2 mailbox full\n",
      ctx(),
    );
    expect(v?.bounces.map((b) => [b.email, b.diagnostic])).toEqual([
      ["aoki@dest.example", "550 5.1.1 unknown user"],
      ["baba@dest.example", "552 5.2.2 mailbox full"],
    ]);
  });

  it("says nothing of a person's message", () => {
    expect(readTextBounce("Hi! Thanks for the newsletter, see you at 5.\n", ctx({ from: "friend@example.org", subject: "Re: news" }))).toBeNull();
  });

  it("stays fast on hostile bodies (no catastrophic backtracking in any extractor)", () => {
    const openings = [
      "Hi. This is the qmail-send program at x.\n",
      "Delivery has failed to these recipients or groups:\n",
      "The following address(es) failed:\n",
      "----- The following addresses had permanent fatal errors -----\n",
      "Your message wasn't delivered to ",
      "unable to deliver your message to the following address.\n",
      "宛先: ",
      "This is the Postfix program at host x.\n<a@b.example>: ",
      "was not delivered to:\n because:\n",
      "",
    ];
    const bodies = [
      "a@".repeat(50_000),
      "<a@b.example>:\n" + "x".repeat(200_000),
      "a@b.".repeat(30_000),
      " ".repeat(100_000) + "x",
      "\n".repeat(50_000),
      "a@b.example\n".repeat(20_000),
      "-".repeat(100_000),
      "** ".repeat(30_000),
      "Remote Server returned '".repeat(5000),
    ];
    for (const opening of openings) {
      for (const b of bodies) {
        const started = performance.now();
        readTextBounce(opening + b, ctx());
        expect(performance.now() - started, `${opening.slice(0, 20)} + ${b.slice(0, 10)}`).toBeLessThan(500);
      }
    }
  });
});
