import { describe, expect, it } from "vitest";
import { CATEGORY_CODES } from "../categories";
import { classify, classifyByRules, RULES } from "./index";
import { CASES } from "./cases";
import { buildBenchCorpus } from "./bench-corpus";

describe("classify: the case table", () => {
  it("has at least 300 realistic cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(300);
  });

  it.each(CASES.map((c, i) => [i, c.category, c.rule ?? "", c.diagnostic ?? `(status ${c.status})`, c] as const))(
    "case %i → %s %s: %s",
    (_i, category, rule, _d, c) => {
      const got = classify(c);
      expect(got.category).toBe(category);
      if (rule) expect(got.ruleId).toBe(rule);
    },
  );

  it("covers every rule id in RULES with at least one case", () => {
    const produced = new Set(CASES.map((c) => classify(c).ruleId));
    const missing = RULES.map((r) => r.id).filter((id) => !produced.has(id));
    expect(missing).toEqual([]);
  });

  it("covers every category with several cases", () => {
    for (const code of CATEGORY_CODES) {
      expect(CASES.filter((c) => c.category === code).length, code).toBeGreaterThanOrEqual(5);
    }
  });

  it("has cases in Spanish, Portuguese, French, German and Italian", () => {
    for (const lang of ["Spanish", "Portuguese", "French", "German", "Italian"]) {
      expect(CASES.filter((c) => c.note?.includes(lang)).length, lang).toBeGreaterThanOrEqual(5);
    }
  });

  it("returns only rule ids listed in RULES, with the category RULES gives them (any but other for the model)", () => {
    const byId = new Map(RULES.map((r) => [r.id, r.category]));
    for (const input of [...CASES, ...buildBenchCorpus(3000)]) {
      const got = classify(input);
      expect(byId.has(got.ruleId), got.ruleId).toBe(true);
      if (got.ruleId === "model") expect(got.category).not.toBe("other");
      else expect(byId.get(got.ruleId), got.ruleId).toBe(got.category);
    }
  });
});

describe("RULES", () => {
  it("has unique ids, valid categories and a description and example for each", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      if (r.kind === "model") expect(r.category).toBeNull();
      else expect(CATEGORY_CODES).toContain(r.category);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.example.length).toBeGreaterThan(0);
    }
  });

  it("classifies each rule's own example with that rule or at least its category", () => {
    for (const r of RULES) {
      if (r.kind !== "text" && r.kind !== "weak-text") continue;
      expect(classify({ diagnostic: r.example }).category, r.id).toBe(r.category);
    }
  });
});

describe("classify: robustness", () => {
  const hostile: unknown[] = [
    undefined,
    null,
    {},
    { status: 5, replyCode: {}, diagnostic: [] },
    {
      status: {
        toString: () => {
          throw new Error("boom");
        },
      },
    },
    { diagnostic: "x".repeat(5_000_000) },
    { diagnostic: "<".repeat(100_000) },
    { diagnostic: "[".repeat(100_000) },
    { diagnostic: "5.".repeat(100_000) },
    { diagnostic: "user unknown ".repeat(50_000) },
    { diagnostic: "\u0000\u0001\u0002\u001b[31m\uffff\ud800\udfff" },
    { diagnostic: "\ud800".repeat(1000) + " user unknown" },
    { diagnostic: "550 5.7.1 <img src=x onerror=alert(1)><script>alert('x')</script> blocked", status: "5.7.1" },
    { diagnostic: '=HYPERLINK("http://evil.example","click")', status: "5.1.1" },
    { diagnostic: "@SUM(1+1)*cmd|' /C calc'!A0", status: "5.1.1" },
    { diagnostic: "<html><body><h1>550 Mailbox full</h1></body></html>" },
    { diagnostic: "🙂".repeat(2000) + "mailbox full" },
    { diagnostic: "Ã³ buzÃ³n lleno" },
    { status: "9.9.9.9.9", replyCode: "99999999999999999999", diagnostic: "smtp;" },
    { replyCode: Number.NaN },
    { replyCode: -550 },
    { replyCode: 550.5 },
  ];

  it.each(hostile.map((h, i) => [i, h] as const))("never throws on hostile input %i", (_i, input) => {
    const got = classify(input as never);
    expect(CATEGORY_CODES).toContain(got.category);
    expect(RULES.some((r) => r.id === got.ruleId)).toBe(true);
  });

  it("reads a diagnostic inside HTML", () => {
    expect(classify({ diagnostic: "<html><body><h1>550 Mailbox full</h1></body></html>" }).category).toBe("quota-issues");
  });

  it("only reads the start of a very long diagnostic (the reason is always near the start)", () => {
    const t0 = performance.now();
    classify({ diagnostic: "a ".repeat(10_000_000) + "user unknown" });
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it("reads exactly the first 600 bytes of UTF-8 for the phrase rules", () => {
    expect(classifyByRules({ diagnostic: "x ".repeat(294) + "user unknown" }).ruleId).toBe("mailbox-unknown"); // 600 bytes
    expect(classifyByRules({ diagnostic: "x ".repeat(295) + "user unknown" }).ruleId).toBe("default-other"); // "unkno" at 600
    expect(classifyByRules({ diagnostic: "é ".repeat(196) + "user unknown" }).ruleId).toBe("mailbox-unknown"); // 600 bytes
    expect(classifyByRules({ diagnostic: "é ".repeat(197) + "user unknown" }).ruleId).toBe("default-other");
  });

  it("ignores keywords inside <local@domain> addresses", () => {
    expect(classify({ status: "5.1.1", diagnostic: "550 5.1.1 <spam.virus.relay@example.com>: Recipient address rejected: User unknown" })).toEqual({
      category: "bad-mailbox",
      ruleId: "mailbox-unknown",
    });
  });

  it("matches case- and accent-insensitively", () => {
    for (const d of ["550 BUZÓN LLENO", "550 buzon lleno", "550 Buzón Lleno", "550 BOITE PLEINE", "550 Boîte pleine"]) {
      expect(classify({ diagnostic: d }).category, d).toBe("quota-issues");
    }
  });

  it("joins phrases across multi-line continuation prefixes", () => {
    const d = "550-5.7.1 Our system has detected that this message is\r\n550-5.7.1 likely unsolicited mail.";
    expect(classify({ diagnostic: d }).category).toBe("spam-related");
  });
});

describe("classify: what names something is not read as a reason", () => {
  it.each([
    ["550 5.1.1 spam.reports@example.com: Recipient address rejected: User unknown", "bad-mailbox"],
    ["550 5.1.1 virus-alerts@example.com... User unknown", "bad-mailbox"],
    ["552 5.2.2 relay.team@example.com mailbox full", "quota-issues"],
    ["host mx1.antispam.example.net[198.51.100.2] said: 550 5.1.1 <a@example.net>: User unknown (in reply to RCPT TO command)", "bad-mailbox"],
    ["SMTP error from remote mail server after RCPT TO:<a@example.net>: host virus-scan.example.net [198.51.100.2]: 550 No such user here", "bad-mailbox"],
    ["Gmail tried to deliver it, but it was rejected by mx.relay.example.com. [203.0.113.4]: 550 mailbox not found", "bad-mailbox"],
  ])("%s → %s", (diagnostic, category) => {
    expect(classify({ status: null, replyCode: null, diagnostic }).category).toBe(category);
  });

  it("still reads a list named after the words that say it", () => {
    expect(
      classify({ status: null, replyCode: null, diagnostic: "554 5.7.1 Service unavailable; Client host [192.0.2.150] blocked using zen.spamhaus.org" })
        .category,
    ).toBe("spam-related");
  });
});

describe("classify: determinism", () => {
  it("gives the same answer every time and does not depend on earlier calls", () => {
    const corpus = buildBenchCorpus(2000);
    const first = corpus.map((c) => classify(c));
    const reversed = [...corpus]
      .reverse()
      .map((c) => classify(c))
      .reverse();
    expect(reversed).toEqual(first);
    expect(corpus.map((c) => classify(c))).toEqual(first);
  });

  it("does not mutate its input and returns a fresh object", () => {
    const input = Object.freeze({ status: "5.1.1", replyCode: 550, diagnostic: "550 5.1.1 User unknown" });
    const a = classify(input);
    const b = classify(input);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });
});

describe("docs/classification.md", () => {
  it("documents every rule id", async () => {
    const { readFileSync } = await import("node:fs");
    const path = await import("node:path");
    const doc = readFileSync(path.resolve(__dirname, "../../docs/classification.md"), "utf8");
    const missing = RULES.map((r) => r.id).filter((id) => !doc.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});
