import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATEGORIES, CATEGORY_CODES, GROUPS, STEPS, getCategory, stepLabel } from ".";

const seed = fs.readFileSync(path.join(__dirname, "mailrelay-bounce-table.txt"), "utf8");

describe("category catalogue", () => {
  it("has exactly the 16 codes of the seed", () => {
    const seedCodes = [...seed.matchAll(/^([a-z-]+) \|/gm)].map((m) => m[1]);
    expect(seedCodes).toHaveLength(16);
    expect([...CATEGORY_CODES].sort()).toEqual([...seedCodes].sort());
    expect(CATEGORIES.map((c) => c.code).sort()).toEqual([...CATEGORY_CODES].sort());
  });

  it("puts each category in catalogue group", () => {
    const byGroup = Object.fromEntries(
      GROUPS.map((g) => [
        g.id,
        CATEGORIES.filter((c) => c.group === g.id)
          .map((c) => c.code)
          .sort(),
      ]),
    );
    expect(byGroup).toEqual({
      address: ["bad-domain", "bad-mailbox", "inactive-mailbox"],
      recipient: [
        "bad-configuration",
        "bad-connection",
        "message-expired",
        "no-answer-from-host",
        "protocol-errors",
        "quota-issues",
        "relaying-issues",
        "routing-errors",
      ],
      sender: ["content-related", "policy-related", "spam-related", "virus-related"],
      other: ["other"],
    });
  });

  it("gives each category catalogue's steps, in order", () => {
    const expected: Record<string, string[]> = {
      "bad-configuration": ["phone-subscriber", "admin-confirms-fixed", "platform-validates"],
      "bad-domain": ["phone-subscriber", "admin-confirms-fixed", "platform-validates"],
      "bad-mailbox": ["phone-subscriber", "admin-confirms-fixed", "platform-validates"],
      "quota-issues": ["phone-subscriber", "admin-confirms-fixed", "platform-validates"],
      "inactive-mailbox": ["confirm-address", "phone-subscriber", "admin-confirms-fixed", "platform-validates"],
      "bad-connection": ["contact-recipient-admin", "contact-isp"],
      "routing-errors": ["contact-recipient-admin", "contact-isp"],
      "content-related": ["check-campaign", "contact-recipient-admin", "contact-platform-support"],
      "policy-related": ["check-campaign", "contact-recipient-admin", "contact-platform-support"],
      "spam-related": ["check-campaign", "contact-recipient-admin", "contact-platform-support"],
      "no-answer-from-host": ["contact-recipient-admin"],
      other: ["contact-recipient-admin"],
      "protocol-errors": ["contact-recipient-admin"],
      "relaying-issues": ["contact-recipient-admin"],
      "message-expired": ["resend-later"],
      "virus-related": ["scan-attachments", "link-attachment"],
    };
    for (const c of CATEGORIES) expect(c.steps, c.code).toEqual(expected[c.code]);
  });

  it("gives each step the scope of scope of who each step is addressed to", () => {
    const scopes = Object.fromEntries(Object.values(STEPS).map((s) => [s.id, s.scope]));
    expect(scopes).toEqual({
      "phone-subscriber": "subscriber",
      "confirm-address": "subscriber",
      "platform-validates": "subscriber",
      "admin-confirms-fixed": "domain",
      "contact-recipient-admin": "domain",
      "contact-isp": "domain",
      "check-campaign": "import",
      "contact-platform-support": "import",
      "resend-later": "import",
      "scan-attachments": "import",
      "link-attachment": "import",
    });
  });

  it("writes texts for a marketing reader and never names Mailrelay", () => {
    for (const c of CATEGORIES) {
      expect(c.label.length).toBeGreaterThan(3);
      expect(c.explanation.length).toBeGreaterThan(40);
      expect(c.actions.length).toBeGreaterThan(30);
      expect(`${c.explanation} ${c.actions}`).not.toMatch(/mailrelay/i);
    }
  });

  it("names the team's email platform in step labels", () => {
    expect(stepLabel("platform-validates")).toBe("Ask your email platform's technical staff to validate the address again");
    expect(stepLabel("contact-platform-support", "Mailrelay")).toBe("Contact Mailrelay's customer service");
  });

  it("looks categories up by code", () => {
    expect(getCategory("bad-mailbox")?.group).toBe("address");
    expect(getCategory("nope")).toBeUndefined();
  });
});
