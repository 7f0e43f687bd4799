/**
 * One-pass phrase matcher for diagnostic texts.
 *
 * Why not regular expressions: an ordered list of regexes rescans the text once per rule, and
 * a combined alternation of hundreds of phrases runs at ~10 µs per reply in V8. This matcher
 * reads each character once: the text is encoded to UTF-8 into a reused buffer (native, and
 * cheaper to read than charCodeAt), ASCII letters are folded arithmetically and accented ones
 * through the fold table, each word is hashed as it goes and looked up in a small open-addressing
 * table of the words that occur in any phrase, and only for those words a reversed word trie is
 * walked back through the previous words. The result is the best (lowest) rank of the text rules whose phrases occur.
 *
 * Two kinds of match:
 * - a phrase: consecutive words ("user unknown", "no such user");
 * - a "near" pair: a word from the first list followed within a few words by one from the
 *   second ("user <john@x> unknown", "the domain example.com does not exist").
 * Digits separate words (see fold.ts) and "<…@…>" addresses are skipped, so a local part like
 * "<spam.reports@x>" does not trigger a rule.
 */
import { FOLD as FOLD_TABLE, toWords } from "./fold";

// Local aliases: bundlers and tsx compile imported bindings to getter calls, which would run
// for every character of every reply.
const FOLD: Uint8Array = FOLD_TABLE;

const encoder = new TextEncoder();
/**
 * Bytes of a diagnostic (as UTF-8) that are read: 600 characters of plain text, fewer when
 * accented. The reason is always in the first lines, and a huge hostile text costs no more.
 */
export const TEXT_SCAN_LIMIT = 600;
/** Reused UTF-8 buffer: encodeInto stops when it is full (never inside a character). */
const bytes = new Uint8Array(TEXT_SCAN_LIMIT);

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

const RING = 16; // longest phrase, in words (power of two)

export interface Matcher {
  /** Best rank among matching rules, or NO_MATCH. */
  scan(text: string): number;
  /** Number of distinct phrases and of distinct words in them (for tests and docs). */
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
  // Nodes no longer phrase continues from: the walk stops there without a hash probe.
  const hasChild = new Uint8Array(nodeActions.length);
  for (const key of childKey) hasChild[Math.floor(key / W)] = 1;
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


  // Open-addressing word table keyed by the same rolling hash the scanner computes.
  let size = 1024;
  while (size < wordList.length * 6) size <<= 1;
  const MASK = size - 1;
  const tabHash = new Int32Array(size);
  const tabId = new Int32Array(size); // 0 = empty
  const wordLen = new Int32Array(wordList.length);
  for (let id = 1; id < wordList.length; id++) {
    const w = wordList[id];
    wordLen[id] = w.length;
    let h = 0;
    for (let k = 0; k < w.length; k++) h = (Math.imul(h, 31) + w.charCodeAt(k)) | 0;
    let slot = (h ^ (h >>> 13)) & MASK;
    while (tabId[slot] !== 0) slot = (slot + 1) & MASK;
    tabHash[slot] = h;
    tabId[slot] = id;
  }

  // Per-call scratch state, reused (classify is synchronous and not re-entrant).
  const ring = new Int32Array(RING);
  const nearLast = new Int32Array(NEAR_RANK.length);
  let best = NO_MATCH;

  /**
   * After a phrase word at position p (its trie node from the root is `node`), walk back
   * through the previous words as far as some phrase continues, applying what matches.
   */
  function walk(node: number, p: number): void {
    let depth = 1;
    for (;;) {
      const n = actLen[node];
      if (n !== 0) applyActions(node, n, depth, p);
      if (hasChild[node] === 0 || depth > p || depth >= RING) return;
      const prev = ring[(p - depth) & (RING - 1)];
      if (prev === 0) return;
      // Child lookup in the open-addressing edge table.
      const key = node * W + prev;
      let slot = Math.imul(key, 0x9e3779b1) >>> (32 - EDGE_BITS);
      let next = 0;
      for (;;) {
        const k = edgeKey[slot];
        if (k === key) {
          next = edgeVal[slot];
          break;
        }
        if (k === -1) return;
        slot = (slot + 1) & EDGE_MASK;
      }
      node = next;
      depth++;
    }
  }

  function applyActions(node: number, n: number, len: number, p: number): void {
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
        nearLast[near] = p; // the first part ends at this word
      } else {
        const thenStart = p - len + 1;
        const last = nearLast[near];
        if (last >= 0 && last < thenStart && thenStart - last - 1 <= NEAR_WITHIN[near]) {
          if (NEAR_RANK[near] < best) best = NEAR_RANK[near];
        }
      }
    }
  }

  /**
   * The hot loop. Per-word work is inlined and kept in locals: a word is looked up by its
   * rolling hash and length (the hash is exact for words of up to 5 letters; a longer word is
   * mistaken for a phrase word only on a 32-bit collision with one of ~1,500 words of the same
   * length, about one word in 10^7, and would then still have to complete a phrase), written to
   * the ring of recent words, and only phrase words start a trie walk.
   */
  function scan(text: string): number {
    best = NO_MATCH;
    for (let k = 0; k < nearLast.length; k++) nearLast[k] = -1;
    const n = encoder.encodeInto(text, bytes).written;
    let h = 0;
    let len = 0;
    let p = 0; // index of the next word
    for (let i = 0; i <= n; i++) {
      const b = i < n ? bytes[i] : 32; // a final separator flushes the last word
      // ASCII letters fold arithmetically: b | 32 is in a–z exactly for A–Z and a–z.
      let f = b | 32;
      if (f - 97 < 0 || f - 97 > 25) {
        f = 0;
        if (b >= 0xc2 && b <= 0xdf && i + 1 < n) {
          // Accented Latin letter: decode the 2-byte sequence and fold it like any character.
          f = FOLD[((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f)];
          i++;
        }
      }
      if (f !== 0) {
        h = (Math.imul(h, 31) + f) | 0;
        len++;
        continue;
      }
      if (len !== 0) {
        let slot = (h ^ (h >>> 13)) & MASK;
        let id = tabId[slot];
        while (id !== 0 && (tabHash[slot] !== h || wordLen[id] !== len)) {
          slot = (slot + 1) & MASK;
          id = tabId[slot];
        }
        ring[p & (RING - 1)] = id;
        if (id !== 0) {
          const node = rootChild[id];
          if (node !== 0) walk(node, p);
        }
        p++;
        h = 0;
        len = 0;
      }
      // Skip parts that never hold the reason, without folding or hashing them. (URLs are read:
      // "?p=DisabledUser", "/dnsbl-lookup.cgi" and hosts like spamhaus.org carry the reason.)
      if (b === 60) i = skipAddress(i, n); // "<local@domain>"
      else if (b === 91) i = skipBracket(i, n); // "[203.0.113.7]", "[BN8PR11MB1234.namprd…]"
    }
    return best;
  }

  return { scan, phraseCount: phrases.size, wordCount: wordList.length - 1 };
}

/** If the bytes at i start "<local@domain>", the index of ">", else i. */
function skipAddress(i: number, n: number): number {
  let at = false;
  const end = i + 256 < n ? i + 256 : n;
  for (let j = i + 1; j < end; j++) {
    const c = bytes[j];
    if (c === 64) at = true;
    else if (c === 62) return at ? j : i;
    else if (c === 60 || c === 32 || c === 10) return i;
  }
  return i;
}

/**
 * If "[" at i opens a long bracket of IPs, host names, ids or timestamps ("[203.0.113.7]",
 * "[BN8NAM11FT012.eop-nam11.prod.protection.outlook.com 2024-05-02T10:11:12Z]"), the index of
 * "]". Short ones like Yahoo's "[TSS04]" are read, and so are Microsoft's key=value brackets,
 * which can hold the reason ("[Message=InfoDomainNonexistent]").
 */
function skipBracket(i: number, n: number): number {
  const end = i + 200 < n ? i + 200 : n;
  let close = i + 1;
  while (close < end && bytes[close] !== 93) close++; // "]"
  if (close >= end || close - i <= 9) return i;
  let j = i + 1;
  while (j < close && ((bytes[j] | 32) - 97) >>> 0 < 26) j++;
  return bytes[j] === 61 ? i : close; // "="
}

