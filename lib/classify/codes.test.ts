import { describe, expect, it } from "vitest";
import { scanQuotedReplyCode } from "./codes";
import { parseReplyCode, parseStatus } from "./index";

describe("parseStatus", () => {
  it.each([
    ["5.1.1", "5.1.1"],
    ["5.1.1 (bad destination mailbox address)", "5.1.1"],
    ["smtp;550-5.1.1 The email account that you tried to reach does not exist.", "5.1.1"],
    ["smtp;550 5.7.606 Access denied, banned sending IP [203.0.113.7].", "5.7.606"],
    ["Sorry, no mailbox here by that name. (#5.1.1)", "5.1.1"],
    ["#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##", "5.1.1"],
    ["421-4.7.0 [TSS04] Messages from 203.0.113.7 temporarily deferred - 4.16.55.1", "4.7.0"],
    ["  4.4.7 (delivery time expired)", "4.4.7"],
    ["2.0.0 OK", "2.0.0"],
    ["host mx.example.com[198.51.100.20] said: 550 5.2.2 mailbox full", "5.2.2"],
  ])("%s → %s", (text, expected) => {
    expect(parseStatus(text)).toBe(expected);
  });

  it.each([
    ["", null],
    ["550 user unknown", null],
    ["connect to 192.0.2.5:25: Connection refused", null], // an IP address is not a status
    ["Postfix 2.11.3 said hello", null], // subject 11 does not exist
    ["5.1.1.2", null],
    ["x5.1.1", null],
    ["554.30", null],
    ["3.1.1", null],
  ])("%s → %s", (text, expected) => {
    expect(parseStatus(text)).toBe(expected);
  });

  it("never throws on non-strings", () => {
    expect(parseStatus(null)).toBeNull();
    expect(parseStatus(undefined)).toBeNull();
    expect(parseStatus(511 as never)).toBeNull();
  });
});

describe("parseReplyCode", () => {
  it.each([
    [550, 550],
    ["550", 550],
    ["smtp;550-5.1.1 The email account…", 550],
    ["SMTP; 421 4.7.0 Try again later", 421],
    ["  452 4.2.2 Mailbox full", 452],
    ["#550 5.1.1 RESOLVER.ADR.RecipNotFound", 550],
    ["554 30 Sorry, your message…", 554],
    ['"550 quoted"', 550],
  ])("%s → %s", (text, expected) => {
    expect(parseReplyCode(text)).toBe(expected);
  });

  it.each([
    ["5.1.1 user unknown", null],
    ["Host or domain name not found", null],
    ["5501 x", null],
    ["554.30", null],
    ["650 nope", null],
    [999, null],
    [550.5, null],
    [Number.NaN, null],
    [null, null],
    ["", null],
  ])("%s → %s", (text, expected) => {
    expect(parseReplyCode(text)).toBe(expected);
  });
});

describe("scanQuotedReplyCode: a reply code quoted after a wrapper", () => {
  it.each([
    ["<ana@example.net>: host mx.example.net[198.51.100.9] said: 550 Mailbox unavailable (in reply to RCPT TO command)", 550],
    ["Remote Server returned '421 Cannot connect to SMTP server'", 421],
    ["SMTP error from remote mail server after RCPT TO:<a@example.com>: host mx.example.com [203.0.113.5]: 552 Mailbox full", 552],
    ["Diagnostic-Code: smtp; 554-Transaction failed", 554],
    ["Remote host said: 553 sorry, that domain isn't in my list of allowed rcpthosts", 553],
  ])("%s → %s", (text, expected) => {
    expect(scanQuotedReplyCode(text)).toBe(expected);
  });

  it.each([
    ["connect to mx.example.com[192.0.2.5]:25: Connection refused"], // a port
    ["deferred at 10:11:12 for 450 seconds"], // a time, then a number with no mark before it
    ["[2001:db8::250]: no route"], // IPv6 groups
    ["Error code: 9A6C1E0B"],
    ["delivery failed: 5501 attempts"],
  ])("%s → none", (text) => {
    expect(scanQuotedReplyCode(text)).toBe(-1);
  });
});
