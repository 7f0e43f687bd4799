import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classify, explain, modelInput, RULES } from "./index";
import { asInput, loadCorpus } from "./corpus";
import { replyWords, signalFeatures, wordNgrams } from "./features";
import { compileModel, type ModelData } from "./model";
import shipped from "./model.json";
import { DEFAULT_OPTIONS, featuresOf, serialiseModel, trainModel, trainShippedModel, type Sample } from "./train";

const SAMPLES: Sample[] = [
  { text: "550 mailbox is full", category: "quota-issues" },
  { text: "552 user over quota, mailbox full", category: "quota-issues" },
  { text: "550 no such user here", category: "bad-mailbox" },
  { text: "550 user unknown", category: "bad-mailbox" },
  { text: "554 transaction failed", category: "other" },
];
const CLASSES = ["bad-mailbox", "other", "quota-issues"] as const;

describe("trainModel", () => {
  it("is deterministic: the same samples give the same model, value for value", () => {
    const a = JSON.stringify(trainModel(SAMPLES, [...CLASSES], DEFAULT_OPTIONS));
    const b = JSON.stringify(trainModel([...SAMPLES], [...CLASSES], DEFAULT_OPTIONS));
    expect(a).toBe(b);
  });

  it("learns its samples, with logistic regression and with naive Bayes", () => {
    for (const algorithm of ["logreg", "naive-bayes"] as const) {
      const model = compileModel(trainModel(SAMPLES, [...CLASSES], { ...DEFAULT_OPTIONS, algorithm, threshold: 0 }));
      for (const s of SAMPLES) expect(model.classes[model.predict(s.text, -1, -1, 0)], `${algorithm}: ${s.text}`).toBe(s.category);
    }
  });

  it("reads words, their character n-grams and, if asked, adjacent word pairs, each once", () => {
    expect(featuresOf("Mailbox full, mailbox FULL", true)).toEqual(["mailbox", "full", "mailbox full", "full mailbox"]);
    expect(featuresOf("Mailbox full", false, 4)).toEqual(["#<mai", "#mail", "#ailb", "#ilbo", "#lbox", "#box>", "mailbox", "#<ful", "#full", "#ull>", "full"]);
  });
});

describe("the shipped model (model.json)", () => {
  it("is exactly what `npm run classify:train` makes from the corpus's training part, byte for byte", () => {
    const text = readFileSync(path.join(__dirname, "model.json"), "utf8");
    expect(serialiseModel(trainShippedModel(loadCorpus().filter((e) => e.part === "train")))).toBe(text);
  }, 60_000);

  it("only answers a category when it is likely enough (the threshold), and never from no words", () => {
    const model = compileModel(shipped as ModelData);
    expect([-1, model.classes.indexOf("other")]).toContain(model.predict("", -1, -1, 0));
    for (const e of loadCorpus().slice(0, 300)) {
      const m = modelInput(asInput(e));
      const x = model.explain(m.text, m.status, m.code);
      expect(model.predict(m.text, m.status, m.code, 0), e.where).toBe(x.probability >= model.threshold ? x.index : -1);
      expect(model.predict(m.text, m.status, m.code, 0.9), e.where).toBe(x.probability >= Math.max(0.9, model.threshold) ? x.index : -1);
    }
  });

  it("decides a reply no rule knows, and explains it by words of the reply", () => {
    const rule = RULES.find((r) => r.id === "model");
    const input = { diagnostic: rule?.example };
    expect(classify(input)).toEqual({ category: "inactive-mailbox", ruleId: "model" });
    const why = explain(input);
    expect(why?.category).toBe("inactive-mailbox");
    const words = new Set([...featuresOf(rule?.example ?? ""), "reply 550", "reply 5xx"]);
    expect(why?.words.length).toBeGreaterThan(0);
    for (const w of why?.words ?? []) expect(words.has(w), w).toBe(true);
  });

  it("reads the status and reply code as features and names them in explanations", () => {
    const model = compileModel(shipped as ModelData);
    expect(signalFeatures(5_007_001, 550)).toEqual(["=s5", "=s5.7", "=x7.1", "=r550", "=r5"]);
    const x = model.explain("Zpráva odmítnuta", 5_007_001, 550, 20);
    for (const w of x.words.filter((w) => w.startsWith("status") || w.startsWith("reply"))) {
      expect(["status 5.x.x", "status 5.7.x", "status x.7.1", "reply 550", "reply 5xx"]).toContain(w);
    }
  });

  it("leaves a reply with no reason to other, and explains nothing for rule decisions", () => {
    expect(classify({ diagnostic: "554 Transaction failed" })).toEqual({ category: "other", ruleId: "default-other" });
    expect(classify({ diagnostic: "qwxz" })).toEqual({ category: "other", ruleId: "default-other" });
    expect(explain({ status: "5.1.1", diagnostic: "550 5.1.1 User unknown" })).toBeNull();
  });

  it("holds words, character n-grams and code features, as the reader makes them", () => {
    for (const f of shipped.features) {
      if (f.startsWith("#")) expect(wordNgrams(f.replace(/[#<>]/g, ""), f.length - 1), f).toContain(f);
      else if (f.startsWith("=")) expect(f).toMatch(/^=(s[45](\.[0-7])?|x[0-7]\.\d{1,2}|r[45](\d\d)?)$/);
      else expect(replyWords(f).join(" "), f).toBe(f);
    }
  });
});

describe("stored rule ids", () => {
  it("still describe a bounce classified under a rule's earlier id", async () => {
    const { findRule } = await import("./index");
    expect(findRule("policy-auth-required")?.id).toBe("relay-auth-required");
    expect(findRule("no-such-rule")).toBeUndefined();
  });
});
