/**
 * What a team correction says about a bounce, and how a stored bounce is decided when no
 * correction (or another one) holds any more. Pure: the import's preparing thread uses it too.
 *
 * Precedence, the same at import (lib/ingest/pipeline/prepare.ts) and here: a team correction for the reply,
 * else the export's own category, else Rebound's rules.
 */
import { classify } from "../classify";
import { REPLY_KEY_CHARS, replyKey, replyKeyWords } from "../classify/reply-key";

/** The rule id stored with each bounce a correction decided. */
export function correctionRuleId(id: number): string {
  return `team-${id}`;
}

/** The correction behind a bounce's rule id, or null when a rule decided. */
export function correctionIdOf(ruleId: string): number | null {
  const m = /^team-(\d{1,15})$/.exec(ruleId);
  return m ? Number(m[1]) : null;
}

export interface TeamVerdict {
  ruleId: string;
  category: string;
}

/** Corrections that cover every bounce with the same reply, by reply key. */
export interface CorrectionLookup {
  readonly size: number;
  get(key: string): TeamVerdict | undefined;
  /**
   * False when a reply cannot have any of the keys: it is ASCII and lacks each key's longest word
   * (a key's words are the reply's, lower-cased). Cheaper than making its key: with 20 corrections,
   * preparing a row costs ~0.5 µs more than with none (lib/ingest/bench/prepare-only.ts … 20).
   */
  mayMatch(diagnostic: string): boolean;
}

/** A lookup as plain values, for the import's preparing thread: [reply key, rule id, category]. */
export type CorrectionEntries = [key: string, ruleId: string, category: string][];

export function lookupOf(entries: CorrectionEntries): CorrectionLookup {
  const byKey = new Map(entries.map(([key, ruleId, category]) => [key, { ruleId, category }]));
  const words = entries.map(([key]) => replyKeyWords(key, 1)[0]);
  const hint = words.every(Boolean) ? new Set(words.map(wordHash)) : null;
  return {
    size: byKey.size,
    get: (key) => byKey.get(key),
    mayMatch: (diagnostic) => hint === null || hasWord(diagnostic, hint),
  };
}

/** A word's hash as hasWord computes it while reading a reply. */
function wordHash(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = (Math.imul(h, 31) + word.charCodeAt(i)) | 0;
  return h;
}

/**
 * Whether the reply has a word (a run of ASCII letters, lower-cased) whose hash is one of these, or
 * any character beyond ASCII: one pass, no string made. A hash shared by chance only costs a key.
 */
function hasWord(text: string, hashes: ReadonlySet<number>): boolean {
  // A key's last word may be cut where the key stops reading.
  if (text.length > REPLY_KEY_CHARS) return true;
  let h = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const c = code | 32; // a-z, and A-Z lower-cased; nothing else lands in 97-122
    if (c >= 97 && c <= 122) {
      h = (Math.imul(h, 31) + c) | 0;
      letters++;
      continue;
    }
    if (code > 127) return true;
    if (letters >= 3 && hashes.has(h)) return true;
    h = 0;
    letters = 0;
  }
  return letters >= 3 && hashes.has(h);
}

/**
 * The correction for a reply, if any. With no correction at all, nothing is computed: imports only
 * pay for reply keys once the team has made a correction.
 */
export function teamVerdict(lookup: CorrectionLookup | null, diagnostic: string | null): TeamVerdict | undefined {
  if (lookup === null || lookup.size === 0 || !diagnostic || !lookup.mayMatch(diagnostic)) return undefined;
  return lookup.get(replyKey(diagnostic));
}

export interface StoredReply {
  dsnStatus: string | null;
  replyCode: number | null;
  diagnostic: string | null;
  /** The export's own category, if the file carried one. */
  exportCategory: string | null;
}

export interface Decision {
  category: string;
  categorySource: "team" | "export" | "rule";
  ruleId: string;
  ruleCategory: string;
  /** Kept only under a correction, to give it back when the correction goes. */
  exportCategory: string | null;
}

/** How a stored bounce is decided now, as an import would decide it. */
export function decide(b: StoredReply, lookup: CorrectionLookup | null): Decision {
  const team = teamVerdict(lookup, b.diagnostic);
  if (team) return { category: team.category, categorySource: "team", ruleId: team.ruleId, ruleCategory: team.category, exportCategory: b.exportCategory };
  const verdict = classify({ status: b.dsnStatus, replyCode: b.replyCode, diagnostic: b.diagnostic });
  return {
    category: b.exportCategory ?? verdict.category,
    categorySource: b.exportCategory ? "export" : "rule",
    ruleId: verdict.ruleId,
    ruleCategory: verdict.category,
    exportCategory: null,
  };
}
