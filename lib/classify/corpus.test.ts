import { describe, expect, it } from "vitest";
import { CATEGORY_CODES } from "../categories";
import { CorpusError, loadCheck, loadCorpus, parseCorpusFile, partOf, splitKey } from "./corpus";
import { newWordBuffer, ngramFeatureHash, ngramHashes, replyWords, wordHash, wordHashes, wordNgrams } from "./features";

const corpus = loadCorpus();
const PINNED_LENGTHS = {
  "bad-configuration": 91,
  "bad-connection": 140,
  "bad-domain": 156,
  "bad-mailbox": 312,
  "content-related": 141,
  "inactive-mailbox": 153,
  "message-expired": 146,
  "no-answer-from-host": 101,
  other: 113,
  "policy-related": 293,
  "protocol-errors": 115,
  "quota-issues": 173,
  "relaying-issues": 106,
  "routing-errors": 104,
  "spam-related": 263,
  "virus-related": 85,
};

describe("the development corpus", () => {
  it("has every category, each with at least 40 replies", () => {
    for (const code of CATEGORY_CODES) {
      expect(corpus.filter((e) => e.category === code).length, code).toBeGreaterThanOrEqual(40);
    }
  });

  it("has at least 2,000 replies, 15 MTA or receiver families and 6 languages", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(corpus.map((e) => e.mta)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(corpus.map((e) => e.lang)).size).toBeGreaterThanOrEqual(6);
  });

  it("puts about a quarter of the replies in validation, and some of every category", () => {
    const share = corpus.filter((e) => e.part === "validation").length / corpus.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    for (const code of CATEGORY_CODES) {
      expect(
        corpus.some((e) => e.category === code && e.part === "validation"),
        code,
      ).toBe(true);
    }
  });

  it("keeps the split it was measured with: no change to the masking (features.ts, fold.ts) moves a reply", () => {
    // The files' lengths when the split was first measured: lines added later do not count here.
    // If this fails, the split key changed: freeze the old key in corpus.ts rather than re-split,
    // or replies the rules were written from would move into validation. Five training replies
    // were relabelled to follow the documented decisions (moved to the end of another file), so
    // three lengths shrank and the line numbers after them shifted; no reply changed part. A third
    // round moved five pinned bad-connection replies (receivers' certificate failures) to
    // bad-configuration: that length is five shorter, the count too, and the hash follows the shift.
    const measured: Record<string, number> = PINNED_LENGTHS;
    const pinned = corpus.filter((e) => Number(e.where.split(":")[1]) <= (measured[e.category] ?? 0));
    const where = pinned
      .filter((e) => e.part === "validation")
      .map((e) => e.where)
      .sort()
      .join("\n");
    let h = 0x811c9dc5;
    for (let i = 0; i < where.length; i++) h = Math.imul(h ^ where.charCodeAt(i), 0x01000193);
    expect([pinned.length, (h >>> 0).toString(16)]).toEqual([2492, "9f996350"]);
  });

  it("keeps near-twins on the same side: a reply and its copy with other addresses, IPs, ids and numbers", () => {
    for (const e of corpus.slice(0, 400)) {
      const twin = e.text.replace(/[\w.+-]+@[\w.-]+/g, "someone.else@example.net").replace(/\d+/g, (d) => String((Number(d[0]) + 3) % 10).repeat(d.length));
      expect(partOf(splitKey(twin, e.status, e.code)), e.where).toBe(e.part);
    }
  });

  it("gives the same key to replies that differ only in masked parts", () => {
    expect(splitKey("550 5.1.1 <ana@example.com>: User unknown (queue id 4Fx7Kp2Qz9) at 2024-05-02 10:11:12 from [203.0.113.7]")).toBe(
      splitKey("550 5.1.2 <luis.perez@example.org>: User unknown (queue id 9Zq1Ab3Cd4) at 2025-11-30 23:59:00 from [198.51.100.42]"),
    );
  });
});

describe("the blind check set", () => {
  const check = loadCheck();

  it("has every category, in part check, and none of it in the development corpus the model trains on", () => {
    for (const code of CATEGORY_CODES)
      expect(
        check.some((e) => e.category === code),
        code,
      ).toBe(true);
    expect(check.every((e) => e.part === "check" && e.where.startsWith("check/"))).toBe(true);
    expect(corpus.some((e) => e.where.startsWith("check/"))).toBe(false);
  });

  it("holds only replies whose masked words the development corpus does not have (fresh wordings)", () => {
    const seen = new Set(corpus.map((e) => e.key));
    expect(check.filter((e) => seen.has(e.key)).map((e) => e.where)).toEqual([]);
    expect(new Set(check.map((e) => e.key)).size).toBe(check.length);
  });

  it("is frozen: its replies and labels are the ones measured once, before any change they could have guided", () => {
    const all = check.map((e) => `${e.category}|${e.also ?? ""}|${e.status}|${e.code}|${e.text}`).join("\n");
    let h = 0x811c9dc5;
    for (let i = 0; i < all.length; i++) h = Math.imul(h ^ all.charCodeAt(i), 0x01000193);
    expect([check.length, (h >>> 0).toString(16)]).toEqual([293, "3df90f93"]);
  });
});

describe("parseCorpusFile", () => {
  const ok = '{"status":"5.1.1","code":550,"text":"550 5.1.1 User unknown","mta":"postfix","lang":"en","src":"Postfix docs"}';

  it("reads a valid file, skipping blank lines, with the file name as label", () => {
    const entries = parseCorpusFile("bad-mailbox.jsonl", `${ok}\n\n${ok.replace("User unknown", "No such user")}\n`);
    expect(entries.map((e) => [e.category, e.where])).toEqual([
      ["bad-mailbox", "bad-mailbox.jsonl:1"],
      ["bad-mailbox", "bad-mailbox.jsonl:3"],
    ]);
  });

  it.each([
    ["not-a-category.jsonl", ok, /not a category/],
    ["bad-mailbox.jsonl", "{not json", /bad-mailbox.jsonl:1: not JSON/],
    ["bad-mailbox.jsonl", ok.replace('"code":550', '"code":"550"'), /:1: code must be a number or null/],
    ["bad-mailbox.jsonl", ok.replace('"status":"5.1.1"', '"status":5'), /:1: status must be a string or null/],
    ["bad-mailbox.jsonl", ok.replace('"src":"Postfix docs"', '"src":""'), /:1: src must be a non-empty string/],
    ["bad-mailbox.jsonl", ok.replace("}", ',"also":"bad-mailbox"}'), /:1: also must be another category or absent/],
    ["bad-mailbox.jsonl", ok.replace("}", ',"also":"nonsense"}'), /:1: also must be another category or absent/],
  ])("rejects %s with a message naming the problem", (name, content, message) => {
    expect(() => parseCorpusFile(name, content)).toThrow(CorpusError);
    expect(() => parseCorpusFile(name, content)).toThrow(message);
  });
});

describe("features: the masked words the model reads", () => {
  it("folds case and accents and masks addresses, numbers, IPs and ids", () => {
    expect(replyWords("550-5.1.1 Buzón LLENO <ana.lopez@example.es> [203.0.113.7] id=d2e1a72fcca58 at 10:11:12")).toEqual(["buzon", "lleno", "id", "at"]);
    expect(replyWords("jane@example.org said: mailbox full")).toEqual(["said", "mailbox", "full"]);
  });

  it("keeps a short code's letters (Yahoo's TSS04) and splits Chinese and Japanese into characters", () => {
    expect(replyWords("421 4.7.0 [TSS04] deferred")).toEqual(["tss", "deferred"]);
    expect(replyWords("用户不存在")).toEqual(["用", "户", "不", "存", "在"]);
    expect(replyWords("Почтовый ящик ПЕРЕПОЛНЕН")).toEqual(["почтовый", "ящик", "переполнен"]);
  });

  it("hashes exactly the words and character n-grams it lists, on every reply of the corpus", () => {
    const buf = newWordBuffer();
    const grams = new Int32Array(2000);
    for (const e of corpus) {
      const words = replyWords(e.text);
      const n = wordHashes(e.text, buf);
      expect(Array.from(buf.hashes.subarray(0, n)), e.where).toEqual(words.map(wordHash));
      let g = 0;
      for (let k = 0; k < n; k++) g = ngramHashes(buf, k, 4, grams, g);
      expect(Array.from(grams.subarray(0, g)), e.where).toEqual(words.flatMap((w) => wordNgrams(w, 4)).map(ngramFeatureHash));
    }
  });

  it("names a word's character n-grams with its edges marked", () => {
    expect(wordNgrams("mailbox", 4)).toEqual(["#<mai", "#mail", "#ailb", "#ilbo", "#lbox", "#box>"]);
    expect(wordNgrams("to", 4)).toEqual([]);
    expect(wordNgrams("the", 4)).toEqual(["#<the", "#the>"]);
  });
});
