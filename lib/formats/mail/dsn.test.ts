import { describe, expect, it } from "vitest";
import { bareAddress, dropType, field, readDeliveryStatus } from "./dsn";

describe("RFC 3464 field reader", () => {
  const report = [
    "Reporting-MTA: dns; mx1.example.net",
    "X-PowerMTA-BounceCategory: bad-mailbox",
    "Arrival-Date: Tue, 3 Nov 2026 09:13:58 +0100",
    "",
    "Final-Recipient: rfc822; first@example.org",
    "Original-Recipient: rfc822;First@Example.org",
    "Action: failed",
    "Status: 5.1.1",
    "Remote-MTA: dns; mx.example.org",
    "Diagnostic-Code: smtp; 550 5.1.1 <first@example.org>: Recipient address",
    "    rejected: User unknown",
    "\tin virtual mailbox table",
    "",
    "final-recipient: RFC822; second@example.org",
    "ACTION: delayed",
    "Status: 4.4.1",
    "",
  ].join("\r\n");

  it("splits the per-message block from each recipient's", () => {
    const dsn = readDeliveryStatus(report);
    expect(field(dsn.message, "reporting-mta")).toBe("mx1.example.net");
    expect(field(dsn.message, "x-powermta-bouncecategory")).toBe("bad-mailbox");
    expect(dsn.recipients).toHaveLength(2);
    expect(field(dsn.recipients[1], "action")).toBe("delayed");
    expect(field(dsn.recipients[1], "final-recipient")).toBe("second@example.org");
  });

  it("unfolds folded lines and drops the smtp; and rfc822; types", () => {
    const [first] = readDeliveryStatus(report).recipients;
    expect(field(first, "diagnostic-code")).toBe("550 5.1.1 <first@example.org>: Recipient address rejected: User unknown in virtual mailbox table");
    expect(field(first, "original-recipient")).toBe("First@Example.org");
    expect(field(first, "remote-mta")).toBe("mx.example.org");
  });

  it("reads a report with no blank line between the message fields and the first recipient", () => {
    const dsn = readDeliveryStatus("Reporting-MTA: dns; a.example\nFinal-Recipient: rfc822; x@b.example\nAction: failed\nStatus: 5.0.0\n");
    expect(dsn.recipients).toHaveLength(1);
    expect(field(dsn.recipients[0], "status")).toBe("5.0.0");
  });

  it("keeps values without a known type whole and finds bare addresses", () => {
    expect(dropType("5.1.1 (bad mailbox)")).toBe("5.1.1 (bad mailbox)");
    expect(dropType("X-Postfix; connect to host: timed out")).toBe("connect to host: timed out");
    expect(bareAddress("Jane <jane@example.org>")).toBe("jane@example.org");
    expect(bareAddress("jane@example.org (Jane).")).toBe("jane@example.org");
    expect(bareAddress("nobody")).toBeNull();
    expect(bareAddress("<o'brien@example.ie>: host said")).toBe("o'brien@example.ie");
    expect(bareAddress("returned 'jane@example.org'")).toBe("jane@example.org");
  });

  it("caps the number of recipients read from a hostile report", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `Final-Recipient: rfc822; u${i}@example.org\nAction: failed\n`).join("\n");
    expect(readDeliveryStatus(many).recipients.length).toBeLessThanOrEqual(1001);
  });

  it("drops lmtp; and x-unix; like smtp;, and decodes a utf-8 address's \\x{…} escapes (RFC 6533)", () => {
    expect(dropType("lmtp; 552 5.2.2 Mailbox full")).toBe("552 5.2.2 Mailbox full");
    expect(dropType("X-Unix; 550 5.1.1 no such user")).toBe("550 5.1.1 no such user");
    expect(dropType("utf-8; jos\\x{E9}@b\\x{FC}cher.example")).toBe("josé@bücher.example");
  });
});
