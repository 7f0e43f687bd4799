/**
 * The development corpus (lib/classify/corpus/<category>.jsonl, described in its README): labelled
 * real-world replies the learned fallback is trained on and the classifier is measured against.
 *
 * Each reply falls in the training or the validation part by a hash of its masked words
 * (features.ts): two replies that differ only in addresses, IPs, ids, dates or numbers have the
 * same words, so near-twins always fall on the same side and validation measures replies the
 * model has not seen in another guise. The split depends on nothing else, so adding lines never
 * moves old ones; a change to the masking would, so corpus.test.ts pins the split.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { CATEGORY_CODES, type CategoryCode } from "../categories";
import { replyWords } from "./features";
import type { ClassifyInput } from "./types";

export const CORPUS_DIR = path.join(__dirname, "corpus");
/**
 * The frozen blind check set: replies written and labelled before the classifier read them, and
 * never trained on nor studied (loadCorpus does not read this folder; the README says why).
 */
const CHECK_DIR = path.join(CORPUS_DIR, "check");

/** One in VALIDATION_SHARE replies (by key hash) is validation. */
const VALIDATION_SHARE = 4;

export type CorpusPart = "train" | "validation" | "check";

export interface CorpusEntry {
  category: CategoryCode;
  status: string | null;
  code: number | null;
  text: string;
  mta: string;
  lang: string;
  src: string;
  /** Where it was read: "bad-mailbox.jsonl:12". */
  where: string;
  /** A second category the definitions also allow (check part only: SPF → policy, size → policy, connect timeout → no answer). */
  also: CategoryCode | null;
  /** The masked words the split hashes. */
  key: string;
  part: CorpusPart;
}

export class CorpusError extends Error {}

/** The split key of a reply: its masked words (the status and code when it has no words). */
export function splitKey(text: string, status: string | null = null, code: number | null = null): string {
  const words = replyWords(text).join(" ");
  return words.length > 0 ? words : `${status ?? ""} ${code ?? ""}`;
}

/** FNV-1a over UTF-16 code units: a fixed, well-mixed hash with no dependency. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function partOf(key: string): CorpusPart {
  return fnv1a(key) % VALIDATION_SHARE === 0 ? "validation" : "train";
}

const isCategory = (s: string): s is CategoryCode => (CATEGORY_CODES as readonly string[]).includes(s);

/** Parse one file's lines; throws CorpusError naming the file, line and problem. */
export function parseCorpusFile(name: string, content: string): CorpusEntry[] {
  const category = path.basename(name, ".jsonl");
  if (!isCategory(category)) throw new CorpusError(`${name}: "${category}" is not a category`);
  const out: CorpusEntry[] = [];
  content.split("\n").forEach((raw, i) => {
    const where = `${name}:${i + 1}`;
    if (raw.trim() === "") return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(raw) as Record<string, unknown>;
    } catch (e) {
      throw new CorpusError(`${where}: not JSON (${(e as Error).message})`);
    }
    const { status, code, text, mta, lang, src, also = null } = row;
    if (status !== null && typeof status !== "string") throw new CorpusError(`${where}: status must be a string or null`);
    if (code !== null && !(typeof code === "number" && Number.isInteger(code))) throw new CorpusError(`${where}: code must be a number or null`);
    for (const [field, value] of [
      ["text", text],
      ["mta", mta],
      ["lang", lang],
      ["src", src],
    ] as const) {
      if (typeof value !== "string" || value.trim() === "") throw new CorpusError(`${where}: ${field} must be a non-empty string`);
    }
    if (also !== null && !(typeof also === "string" && isCategory(also) && also !== category))
      throw new CorpusError(`${where}: also must be another category or absent`);
    const key = splitKey(text as string, status, code);
    out.push({
      category,
      status,
      code,
      text: text as string,
      mta: mta as string,
      lang: lang as string,
      src: src as string,
      also,
      where,
      key,
      part: partOf(key),
    });
  });
  return out;
}

/** Every reply of the corpus, files in name order, lines in file order. */
export function loadCorpus(dir = CORPUS_DIR): CorpusEntry[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort();
  return files.flatMap((f) => parseCorpusFile(f, readFileSync(path.join(dir, f), "utf8")));
}

/** The blind check set (corpus/check/<category>.jsonl), every reply in part "check", `where` naming its folder. */
export function loadCheck(dir = CHECK_DIR): CorpusEntry[] {
  return loadCorpus(dir).map((e) => ({ ...e, where: `check/${e.where}`, part: "check" as const }));
}

/** A corpus entry as the classifier's input. */
export function asInput(e: Pick<CorpusEntry, "status" | "code" | "text">): ClassifyInput {
  return { status: e.status, replyCode: e.code, diagnostic: e.text };
}
