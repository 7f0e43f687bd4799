/**
 * One-pass phrase matcher for diagnostic texts.
 *
 * Why not regular expressions: an ordered list of regexes rescans the text once per rule, and
 * a combined alternation of hundreds of phrases runs at ~10 µs per reply in V8. This matcher
 * reads each character once: the text is encoded to UTF-8 into a reused buffer (native, and
 * cheaper to read than charCodeAt), ASCII letters are folded arithmetically and accented ones
 * through the fold table, each word is hashed as it goes and looked up in a small perfect-hash
 * table of the words that occur in any phrase, and only for the words that end a phrase a
 * reversed word trie is walked back through the previous words, as long as it can still beat
 * the best rank found so far. The result is the best (lowest) rank of the text rules whose
 * phrases occur.
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
/** Reused buffer: the UTF-8 text, then a sentinel byte. */
const bytes = new Uint8Array(TEXT_SCAN_LIMIT + 1);
/** The part encodeInto fills: it stops when this is full, never inside a character. */
const textBytes = bytes.subarray(0, TEXT_SCAN_LIMIT);

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
/** What a pass of the scan returns when it blanked an address or host name: read the text again. */
const AGAIN = -1;

const MAX_PHRASE_WORDS = 16;

export interface Matcher {
  /** Best rank among matching rules, or NO_MATCH; ranks from `limit` up are not looked for. */
  scan(text: string, limit: number): number;
  /** Whether the last scan met letters of scripts the phrases cannot hold (Greek and after: UTF-8 lead byte ≥ 0xCD). */
  sawOtherScript(): boolean;
  /** Number of distinct phrases and of distinct words in them (for tests and docs). */
  phraseCount: number;
  wordCount: number;
}

/** The rolling hash the scanner computes for a word (of folded letters). */
function wordHash(w: string): number {
  let h = 0;
  for (let k = 0; k < w.length; k++) h = (Math.imul(h, 31) + w.charCodeAt(k)) | 0;
  return h;
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
    if (words.length > MAX_PHRASE_WORDS) throw new Error(`Phrase too long: "${text}"`);
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
  interface TrieNode {
    actions: number[];
    words: number[]; // words[k] (the word before, in some phrase) leads to kids[k]
    kids: TrieNode[];
    /** Lowest rank this node or any below it can give: a walk stops when it cannot beat `best`. */
    minRank: number;
    /** Where the node's record starts in NODES. */
    offset: number;
    /** Index in nodeList, for the edge keys. */
    serial: number;
  }
  const nodeList: TrieNode[] = []; // in creation order
  const newNode = (): TrieNode => {
    const node = { actions: [], words: [], kids: [], minRank: NO_MATCH, offset: 0, serial: nodeList.length };
    nodeList.push(node);
    return node;
  };
  const root = newNode();
  const edges = new Map<number, TrieNode>(); // parent serial × word count + word → child
  const W = wordList.length;
  for (const p of phrases.values()) {
    let node = root;
    for (let k = p.words.length - 1; k >= 0; k--) {
      const key = node.serial * W + p.words[k];
      let next = edges.get(key);
      if (!next) {
        next = newNode();
        edges.set(key, next);
        node.words.push(p.words[k]);
        node.kids.push(next);
      }
      node = next;
    }
    for (const a of p.actions) if (!node.actions.includes(a)) node.actions.push(a);
  }
  const actionRank = (a: number): number => (a >= 0 ? a : nearRank[(-a - 1) >> 1]);
  for (let k = nodeList.length - 1; k >= 0; k--) {
    // Children are created after their parents, so this visits every child before its parent.
    const node = nodeList[k];
    for (const a of node.actions) node.minRank = Math.min(node.minRank, actionRank(a));
    for (const kid of node.kids) node.minRank = Math.min(node.minRank, kid.minRank);
  }

  // Flattened trie: each node is one record in NODES, so a walk step reads one or two cache
  // lines instead of probing a large edge hash table: [actions | children << 8 | minRank << 16,
  // ...actions, ...(word id, child offset) sorted by word id]. Offset 0 means "no node".
  const order = [...root.kids]; // breadth first: the nodes of phrases' last words together
  for (let k = 0; k < order.length; k++) order.push(...order[k].kids);
  let size = 1;
  for (const node of order) {
    if (node.actions.length > 255 || node.kids.length > 255 || node.minRank > 0x7fff) {
      throw new Error("Phrase trie node too large");
    }
    node.offset = size;
    size += 1 + node.actions.length + 2 * node.kids.length;
  }
  const NODES = new Int32Array(size);
  for (const node of order) {
    let o = node.offset;
    NODES[o++] = node.actions.length | (node.kids.length << 8) | (node.minRank << 16);
    for (const a of node.actions) NODES[o++] = a;
    const start = o;
    for (let k = 0; k < node.kids.length; k++) {
      // Insertion sort by word id (most nodes have one or two children).
      let at = o;
      while (at > start && NODES[at - 2] > node.words[k]) {
        NODES[at] = NODES[at - 2];
        NODES[at + 1] = NODES[at - 1];
        at -= 2;
      }
      NODES[at] = node.words[k];
      NODES[at + 1] = node.kids[k].offset;
      o += 2;
    }
  }
  const NEAR_RANK = Int32Array.from(nearRank);
  const NEAR_WITHIN = Int32Array.from(nearWithin);

  // Word table, perfectly hashed (hash and displace): the words are split into buckets, and
  // each bucket gets the displacement that puts all its words in free slots. A phrase word then
  // has exactly one possible slot, and a lookup is one probe with no collision chain.
  // Slot: [hash, length (0 = empty), word id, trie node of the word as a phrase's last word].
  const keys = wordList.map((w) => ({ h: wordHash(w), len: w.length }));
  const seen = new Set<string>();
  for (let id = 1; id < wordList.length; id++) {
    // Two phrase words the scanner cannot tell apart would make matches ambiguous.
    const key = `${keys[id].h}:${keys[id].len}`;
    if (seen.has(key)) throw new Error(`Word hash collision: "${wordList[id]}"`);
    seen.add(key);
  }
  let slots = 1024;
  while (slots < wordList.length * 2) slots <<= 1;
  const SLOT_SHIFT = 32 - Math.log2(slots);
  const BUCKET_SHIFT = SLOT_SHIFT + 2; // a quarter as many buckets as slots
  const bucketOf = (h: number, len: number): number => Math.imul(h ^ len, 0x9e3779b1) >>> BUCKET_SHIFT;
  const slotOf = (h: number, d: number): number => Math.imul(h ^ d, 0x85ebca6b) >>> SLOT_SHIFT;
  const DISP = new Int32Array(slots / 4);
  const WORDS = new Int32Array(slots * 4);
  const buckets: number[][] = Array.from(DISP, () => []);
  for (let id = 1; id < wordList.length; id++) buckets[bucketOf(keys[id].h, keys[id].len)].push(id);
  const used = new Uint8Array(slots);
  for (const b of [...buckets.keys()].sort((x, y) => buckets[y].length - buckets[x].length)) {
    const members = buckets[b];
    if (members.length === 0) break;
    for (let d = 1; ; d++) {
      if (d > 1 << 20) throw new Error("Word table: no displacement found");
      const at = members.map((id) => slotOf(keys[id].h, d));
      if (at.some((s, k) => used[s] === 1 || at.indexOf(s) !== k)) continue;
      DISP[b] = d;
      members.forEach((id, k) => {
        const last = edges.get(id); // root's serial is 0
        used[at[k]] = 1;
        WORDS.set([keys[id].h, keys[id].len, id, last ? last.offset : 0], at[k] * 4);
      });
      break;
    }
  }

  // Per-call scratch state, reused (classify is synchronous and not re-entrant).
  const ids = new Int32Array(TEXT_SCAN_LIMIT + 1); // word id (0 = not a phrase word) by position
  const nearLast = new Int32Array(NEAR_RANK.length);
  let best = NO_MATCH;

  /**
   * After a phrase word at position p (its trie node from the root is `node`), walk back
   * through the previous words as far as some phrase continues, applying what matches, and
   * stop where nothing further can beat `best`.
   */
  function walk(node: number, p: number): void {
    for (let depth = 1; ; depth++) {
      const head = NODES[node];
      if (head >> 16 >= best) return;
      const acts = head & 255;
      for (let a = node + 1; a <= node + acts; a++) {
        const act = NODES[a];
        if (act >= 0) {
          if (act < best) best = act;
          continue;
        }
        const code = -act - 1;
        const near = code >> 1;
        if ((code & 1) === 0) {
          nearLast[near] = p; // the first part ends at this word
        } else {
          const thenStart = p - depth + 1;
          const last = nearLast[near];
          if (last >= 0 && last < thenStart && thenStart - last - 1 <= NEAR_WITHIN[near]) {
            if (NEAR_RANK[near] < best) best = NEAR_RANK[near];
          }
        }
      }
      const kids = (head >> 8) & 255;
      if (kids === 0 || depth > p) return;
      const prev = ids[p - depth];
      if (prev === 0) return;
      let k = node + 1 + acts;
      const end = k + 2 * kids;
      while (k < end && NODES[k] < prev) k += 2;
      if (k === end || NODES[k] !== prev) return;
      node = NODES[k + 1];
    }
  }

  /**
   * The hot loop. A word is looked up by its rolling hash and length (the hash is exact for
   * words of up to 5 letters; a longer word is mistaken for a phrase word only on a 32-bit
   * collision with one of ~1,100 phrase words of the same length, about one word in 10^7, and
   * would then still have to complete a phrase), its id is recorded by position, and only words
   * that end some phrase start a trie walk.
   */
  /**
   * The token of address characters ending at byte `end` (an address's local part, or a host name,
   * which must hold a dot): how many words of it the scan read, 0 for none. Sets tokenStart.
   */
  let tokenStart = 0;
  function tokenWords(end: number, host: boolean): number {
    let words = 0;
    let dot = false;
    let j = end;
    for (; j >= 0 && ADDRESS_BYTE[bytes[j]] !== 0; j--) {
      const c = bytes[j];
      if (c === 46) dot = true;
      else if (((c | 32) - 97) >>> 0 < 26 && (j === 0 || ((bytes[j - 1] | 32) - 97) >>> 0 >= 26)) words++;
    }
    tokenStart = j + 1;
    return host && !dot ? 0 : words;
  }

  /**
   * Forget the last `words` words read (an address or host name), before position p. When nothing
   * matched yet, they can simply be dropped; otherwise (they may have matched) they are blanked
   * and the text is read again: AGAIN.
   */
  function dropWords(words: number, p: number, end: number): number {
    if (best !== currentLimit) {
      bytes.fill(32, tokenStart, end + 1);
      return AGAIN;
    }
    const q = p - words;
    for (let k = 0; k < nearLast.length; k++) if (nearLast[k] >= q) nearLast[k] = -1;
    return q;
  }
  let currentLimit = NO_MATCH;

  let otherScript = 0;
  function scan(text: string, limit: number): number {
    const n = encoder.encodeInto(text, textBytes).written;
    bytes[n] = 32; // a final separator flushes the last word
    let rank = scanBytes(n, limit);
    while (rank === AGAIN) rank = scanBytes(n, limit); // each pass blanked letters: it ends
    return rank;
  }

  function scanBytes(n: number, limit: number): number {
    best = limit;
    currentLimit = limit;
    otherScript = 0;
    for (let k = 0; k < nearLast.length; k++) nearLast[k] = -1;
    const buf = bytes; // local alias: slightly cheaper in the loops than the module binding
    let h = 0;
    let len = 0;
    let p = 0; // index of the next word
    for (let i = 0; i <= n; i++) {
      let b = buf[i];
      // ASCII letters fold arithmetically: b | 32 is in a–z exactly for A–Z and a–z.
      let f = b | 32;
      if ((f - 97) >>> 0 < 26) {
        // A run of letters in its own small loop, so h and len stay in registers. `| 0`
        // (here and below) keeps V8 on int32 arithmetic.
        do {
          h = (Math.imul(h, 31) + f) | 0;
          len = (len + 1) | 0;
          b = buf[++i];
          f = b | 32;
        } while ((f - 97) >>> 0 < 26);
      }
      if (b >= 0xc2 && b <= 0xdf) {
        // Accented Latin letter: decode the 2-byte sequence and fold it like any character.
        f = FOLD[((b & 0x1f) << 6) | (buf[i + 1] & 0x3f)];
        i++;
        if (f !== 0) {
          h = (Math.imul(h, 31) + f) | 0;
          len = (len + 1) | 0;
          continue;
        }
      }
      if (b >= 0xcd) otherScript = 1; // Greek, Cyrillic, Hebrew, Arabic, CJK… (lead bytes only reach here)
      if (len !== 0) {
        const d = DISP[Math.imul(h ^ len, 0x9e3779b1) >>> BUCKET_SHIFT]; // inlined bucketOf, slotOf
        const s = (Math.imul(h ^ d, 0x85ebca6b) >>> SLOT_SHIFT) << 2;
        let id = 0;
        let node = 0;
        if (WORDS[s] === h && WORDS[s + 1] === len) {
          id = WORDS[s + 2];
          node = WORDS[s + 3];
        }
        ids[p] = id;
        if (node !== 0) walk(node, p);
        p++;
        h = 0;
        len = 0;
      }
      // Skip parts that never hold the reason, without folding or hashing them. (URLs are read:
      // "?p=DisabledUser", "/dnsbl-lookup.cgi" and hosts like spamhaus.org carry the reason.)
      // A bare address ("spam.reports@example.com") and the host name before an IP in brackets
      // ("host mx.spam.example.net[198.51.100.2] said:", Exim's "host x [ip]:") name something
      // rather than say why. Met ("@", or "[" and a digit), their words are dropped; if something
      // matched already (they may be part of it), they are blanked and the text read again.
      if (b === 60)
        i = skipAddress(i, n) | 0; // "<local@domain>"
      else if (b === 91) {
        if ((buf[i + 1] - 48) >>> 0 < 10) {
          const end = buf[i - 1] === 32 ? i - 2 : i - 1;
          const words = tokenWords(end, true);
          if (words > 0) {
            p = dropWords(words, p, end);
            if (p === AGAIN) return AGAIN;
          }
        }
        i = skipBracket(i, n) | 0; // "[203.0.113.7]", "[BN8PR11MB1234.namprd…]"
      } else if (b === 64) {
        const words = tokenWords(i - 1, false);
        while (ADDRESS_BYTE[buf[i + 1]] !== 0) buf[++i] = 32; // the domain (the sentinel stops it)
        if (words > 0) {
          p = dropWords(words, p, i);
          if (p === AGAIN) return AGAIN;
        }
      }
    }
    return best < limit ? best : NO_MATCH;
  }

  return { scan, sawOtherScript: () => otherScript !== 0, phraseCount: phrases.size, wordCount: wordList.length - 1 };
}

/** 1 for the bytes an address or a host name is made of (ASCII letters, digits, . - _ % + ' =). */
const ADDRESS_BYTE: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 128; c++) if (/[A-Za-z0-9.\-_%+'=]/.test(String.fromCharCode(c))) t[c] = 1;
  return t;
})();

/** If the bytes at i start "<local@domain>", the index of ">", else i. */
function skipAddress(i: number, n: number): number {
  let at = false;
  const end = Math.min(i + 256, n);
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
  const end = Math.min(i + 200, n);
  let close = i + 1;
  while (close < end && bytes[close] !== 93) close++; // "]"
  if (close >= end || close - i <= 9) return i;
  let j = i + 1;
  while (j < close && ((bytes[j] | 32) - 97) >>> 0 < 26) j++;
  return bytes[j] === 61 ? i : close; // "="
}
