/**
 * One-pass phrase matcher for diagnostic texts.
 *
 * Why not regular expressions: an ordered list of regexes rescans the text once per rule, and
 * a combined alternation of hundreds of phrases runs at ~10 µs per reply in V8. This matcher
 * reads each character once: it folds case and accents through a table, hashes each word as it
 * goes, looks the word up in a small open-addressing table of the words that occur in any
 * phrase, and only for those words compares the preceding words against the phrases that end
 * there. The result is the best (lowest) rank of the text rules whose phrases occur.
 *
 * Two kinds of match:
 * - a phrase: consecutive words ("user unknown", "no such user");
 * - a "near" pair: a word from the first list followed within a few words by one from the
 *   second ("user <john@x> unknown", "the domain example.com does not exist").
 * Numeric words are transparent (see fold.ts) and "<…@…>" addresses are skipped, so a local
 * part like "<spam.reports@x>" does not trigger a rule.
 */
import { FOLD as FOLD_TABLE, toWords } from "./fold";

// Local alias: bundlers and tsx compile imported bindings to getter calls, which would run for
// every character of every reply.
const FOLD: Uint8Array = FOLD_TABLE;

export interface NearSpec {
  first: string[];
  then: string[];
  /** Most words allowed between the end of the first phrase and the start of the second. */
  within: number;
}

export interface RuleSpec {
  /** Lower rank wins when several rules match. */
  rank: number;
  phrases: string[];
  near: NearSpec[];
}

/** Rank returned when no rule matched. */
export const NO_MATCH = 0x7fffffff;
/** Characters of a diagnostic that are read; the reason is always in the first few lines. */
export const TEXT_SCAN_LIMIT = 600;

const RING = 16; // longest phrase, in words (power of two)

export interface Matcher {
  /** Best rank among matching rules, or NO_MATCH. */
  scan(text: string): number;
  /** Every distinct phrase (as folded words joined by spaces), for tests and docs. */
  phraseCount: number;
  wordCount: number;
}

export function buildMatcher(rules: RuleSpec[]): Matcher {
  const wordIds = new Map<string, number>(); // word → id (1-based)
  const wordList: string[] = [""];
  const idOf = (w: string): number => {
    let id = wordIds.get(w);
    if (id === undefined) {
      id = wordList.length;
      wordIds.set(w, id);
      wordList.push(w);
    }
    return id;
  };

  // phrase key → { words, actions }; actions ≥ 0 are rule ranks, < 0 encode near parts.
  const phrases = new Map<string, { words: number[]; actions: number[] }>();
  const addPhrase = (text: string, action: number): void => {
    const words = toWords(text);
    if (words.length === 0) throw new Error(`Phrase has no words: "${text}"`);
    if (words.length > RING) throw new Error(`Phrase too long: "${text}"`);
    const key = words.join(" ");
    let p = phrases.get(key);
    if (!p) {
      p = { words: words.map(idOf), actions: [] };
      phrases.set(key, p);
    }
    if (!p.actions.includes(action)) p.actions.push(action);
  };

  const nearRank: number[] = [];
  const nearWithin: number[] = [];
  for (const rule of rules) {
    for (const ph of rule.phrases) addPhrase(ph, rule.rank);
    for (const near of rule.near) {
      const idx = nearRank.length;
      nearRank.push(rule.rank);
      nearWithin.push(near.within);
      for (const ph of near.first) addPhrase(ph, -(idx * 2 + 1));
      for (const ph of near.then) addPhrase(ph, -(idx * 2 + 2));
    }
  }

  // Reversed word trie: from the root, a phrase's last word, then the word before it, and so
  // on. After each word of the text the scanner walks back through the previous words only as
  // far as some phrase continues, so the cost per word is the depth of the match, not the
  // number of phrases that end with that word (300 end with "exist").
  const childKey: number[] = [];
  const childVal: number[] = [];
  const nodeActions: number[][] = [[]];
  const edges = new Map<number, number>();
  const W = wordList.length;
  for (const p of phrases.values()) {
    let node = 0;
    for (let k = p.words.length - 1; k >= 0; k--) {
      const key = node * W + p.words[k];
      let next = edges.get(key);
      if (next === undefined) {
        next = nodeActions.length;
        nodeActions.push([]);
        edges.set(key, next);
        childKey.push(key);
        childVal.push(next);
      }
      node = next;
    }
    for (const a of p.actions) if (!nodeActions[node].includes(a)) nodeActions[node].push(a);
  }
  if (nodeActions.length * W > 0x7fffffff) throw new Error("Phrase trie too large");
  let edgeSize = 1024;
  while (edgeSize < childKey.length * 3) edgeSize <<= 1;
  const EDGE_BITS = Math.log2(edgeSize);
  const EDGE_MASK = edgeSize - 1;
  const edgeKey = new Int32Array(edgeSize).fill(-1);
  const edgeVal = new Int32Array(edgeSize);
  for (let i = 0; i < childKey.length; i++) {
    let slot = Math.imul(childKey[i], 0x9e3779b1) >>> (32 - EDGE_BITS);
    while (edgeKey[slot] !== -1) slot = (slot + 1) & EDGE_MASK;
    edgeKey[slot] = childKey[i];
    edgeVal[slot] = childVal[i];
  }
  const rootChild = new Int32Array(W);
  for (let w = 1; w < W; w++) rootChild[w] = edges.get(w) ?? 0;
  const actStart = new Int32Array(nodeActions.length);
  const actLen = new Int32Array(nodeActions.length);
  const flatActions: number[] = [];
  nodeActions.forEach((list, node) => {
    actStart[node] = flatActions.length;
    actLen[node] = list.length;
    flatActions.push(...list);
  });
  const ACT = Int32Array.from(flatActions);
  const NEAR_RANK = Int32Array.from(nearRank);
  const NEAR_WITHIN = Int32Array.from(nearWithin);

  function child(node: number, word: number): number {
    const key = node * W + word;
    let slot = Math.imul(key, 0x9e3779b1) >>> (32 - EDGE_BITS);
    for (;;) {
      const k = edgeKey[slot];
      if (k === key) return edgeVal[slot];
      if (k === -1) return 0;
      slot = (slot + 1) & EDGE_MASK;
    }
  }

  // Open-addressing word table keyed by the same rolling hash the scanner computes.
  let size = 1024;
  while (size < wordList.length * 6) size <<= 1;
  const MASK = size - 1;
  const tabHash = new Int32Array(size);
  const tabId = new Int32Array(size); // 0 = empty
  const wordChars: Uint8Array[] = wordList.map((w) => Uint8Array.from(w, (ch) => ch.charCodeAt(0)));
  for (let id = 1; id < wordList.length; id++) {
    const chars = wordChars[id];
    let h = 0;
    for (let k = 0; k < chars.length; k++) h = (Math.imul(h, 31) + chars[k]) | 0;
    let slot = (h ^ (h >>> 13)) & MASK;
    while (tabId[slot] !== 0) slot = (slot + 1) & MASK;
    tabHash[slot] = h;
    tabId[slot] = id;
  }

  // Per-call scratch state, reused (classify is synchronous and not re-entrant).
  const ring = new Int32Array(RING);
  const nearLast = new Int32Array(NEAR_RANK.length);
  let pos = 0;
  let best = NO_MATCH;

  function lookup(text: string, start: number, len: number, h: number): number {
    let slot = (h ^ (h >>> 13)) & MASK;
    for (;;) {
      const id = tabId[slot];
      if (id === 0) return 0;
      if (tabHash[slot] === h) {
        const chars = wordChars[id];
        if (chars.length === len) {
          let k = 0;
          while (k < len && FOLD[text.charCodeAt(start + k)] === chars[k]) k++;
          if (k === len) return id;
        }
      }
      slot = (slot + 1) & MASK;
    }
  }

  function onWord(id: number): void {
    ring[pos & (RING - 1)] = id;
    let node = id === 0 ? 0 : rootChild[id];
    let depth = 1;
    while (node !== 0) {
      const n = actLen[node];
      if (n !== 0) applyActions(node, n, depth);
      if (depth > pos || depth >= RING) break;
      const prev = ring[(pos - depth) & (RING - 1)];
      if (prev === 0) break;
      node = child(node, prev);
      depth++;
    }
    pos++;
  }

  function applyActions(node: number, n: number, len: number): void {
    const a0 = actStart[node];
    for (let a = a0; a < a0 + n; a++) {
      const act = ACT[a];
      if (act >= 0) {
        if (act < best) best = act;
        continue;
      }
      const code = -act - 1;
      const near = code >> 1;
      if ((code & 1) === 0) {
        nearLast[near] = pos; // the first part ends at this word
      } else {
        const thenStart = pos - len + 1;
        const last = nearLast[near];
        if (last >= 0 && last < thenStart && thenStart - last - 1 <= NEAR_WITHIN[near]) {
          if (NEAR_RANK[near] < best) best = NEAR_RANK[near];
        }
      }
    }
  }

  function scan(text: string): number {
    best = NO_MATCH;
    pos = 0;
    nearLast.fill(-1);
    const n = text.length < TEXT_SCAN_LIMIT ? text.length : TEXT_SCAN_LIMIT;
    let h = 0;
    let len = 0;
    let start = 0;
    let letters = false;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      const f = FOLD[c];
      if (f !== 0) {
        if (len === 0) start = i;
        h = (Math.imul(h, 31) + f) | 0;
        len++;
        if (f > 57) letters = true; // a letter, not a digit
        continue;
      }
      if (len !== 0) {
        if (letters) onWord(lookup(text, start, len, h));
        h = 0;
        len = 0;
        letters = false;
      }
      if (c === 60) i = skipAddress(text, i, n); // "<"
    }
    if (len !== 0 && letters) onWord(lookup(text, start, len, h));
    return best;
  }

  return { scan, phraseCount: phrases.size, wordCount: wordList.length - 1 };
}

/** If text[i] starts "<local@domain>", return the index of ">", else i. */
function skipAddress(text: string, i: number, n: number): number {
  let at = false;
  const end = i + 256 < n ? i + 256 : n;
  for (let j = i + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === 64) at = true;
    else if (c === 62) return at ? j : i;
    else if (c === 60 || c === 32 || c === 10) return i;
  }
  return i;
}
