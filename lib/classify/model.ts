/**
 * The learned fallback: a linear model over the words of a reply and the character n-grams of each
 * word (features.ts; word pairs too if trained with them), trained by scripts/classify-train.ts
 * on the development corpus and shipped as model.json.
 *
 * A reply's score for each category is that category's bias plus the weights of the features it
 * contains, each counted once; the softmax of the scores is the model's confidence. It answers a
 * category only when that confidence reaches the model's threshold, so `other` stays for replies
 * no category fits. Pure, synchronous and allocation-free per call.
 */
import type { CategoryCode } from "../categories";
import * as features from "./features";

// Local aliases: bundlers and tsx compile imported bindings to getters, and these run per word.
const {
  FEATURE_SCAN_LIMIT,
  MAX_WORDS,
  isIdeographCode,
  newWordBuffer,
  ngramFeatureHash,
  ngramHashes,
  pairHash,
  replyWords,
  signalFeatures,
  signalHashes,
  wordHash,
  wordHashes,
  wordNgrams,
} = features;

/** model.json, as the training script writes it. */
export interface ModelData {
  format: 1;
  /** How the model was made (algorithm, corpus size, options), for people. */
  about: string;
  classes: CategoryCode[];
  /** Least softmax probability for an answer; below it the reply is `other`. */
  threshold: number;
  /** Weights are stored as integers: weight = stored / scale. */
  scale: number;
  /** Length of the character n-grams read from each word (0: none); the shortest if charNgramMax is set. */
  charNgram: number;
  /** Longest character n-grams read (n-grams of every length from charNgram to this); absent: charNgram only. */
  charNgramMax?: number;
  /** Whether the reply's status and reply code are features too (features.ts signalFeatures). */
  signals?: boolean;
  /** Whether adjacent word pairs are features. */
  pairs: boolean;
  /** Whether pairs of adjacent Chinese/Japanese characters are features (absent: no). */
  ideographPairs?: boolean;
  bias: number[];
  /** "word", "word word", "#" + a character n-gram ("#ctiv", "#<mai") or "=" + a code feature ("=s5.7"), sorted. */
  features: string[];
  /** Per feature, its non-zero weights as [class index, stored weight, …] (stored integers). */
  weights: number[][];
}

export interface Prediction {
  /** Index in classes, or -1 when no category is likely. */
  index: number;
  category: CategoryCode | null;
  probability: number;
}

export interface Explanation extends Prediction {
  /** The features that weighed most towards the answer, strongest first. */
  words: string[];
}

export interface LearnedModel {
  readonly classes: readonly CategoryCode[];
  readonly threshold: number;
  readonly featureCount: number;
  /**
   * Index of the most likely class if its probability reaches both the model's threshold and
   * `atLeast`, else -1. `status` (packed as codes.ts packs it) and `code` are -1 when absent.
   */
  predict(text: string, status: number, code: number, atLeast: number): number;
  explain(text: string, status: number, code: number, top?: number): Explanation;
}

export function featureHash(feature: string): number {
  if (feature.charCodeAt(0) === 35) return ngramFeatureHash(feature); // "#"
  const sp = feature.indexOf(" ");
  return sp < 0 ? wordHash(feature) : pairHash(wordHash(feature.slice(0, sp)), wordHash(feature.slice(sp + 1)));
}

export function compileModel(data: ModelData): LearnedModel {
  const C = data.classes.length;
  const F = data.features.length;
  // One open-addressing table from feature hash to the feature's weights, at most half full.
  // Slot (4 ints, 4 slots per cache line): [hash, meta, w0 | w1 << 16, w2]; meta = count | class0 << 8
  // | class1 << 16 | class2 << 24 for up to 3 weights (88% of features), else count 255 and
  // [2], [3] = the start and end of its weights in OVERFLOW_CLS/OVERFLOW_W. Weights stay the stored
  // integers, so a reply's scores are exact integer sums. A lookup reads one cache line.
  let slots = 1024;
  while (slots < F * 2) slots <<= 1;
  const SHIFT = 32 - Math.log2(slots);
  const mask = slots - 1;
  const TABLE = new Int32Array(slots * 4);
  const overflowCls: number[] = [];
  const overflowW: number[] = [];
  data.features.forEach((feature, f) => {
    const h = featureHash(feature);
    const row = data.weights[f];
    const count = row.length >> 1;
    let at = Math.imul(h, 0x9e3779b1) >>> SHIFT;
    for (; TABLE[4 * at + 1] !== 0; at = (at + 1) & mask) {
      if (TABLE[4 * at] === h) throw new Error(`Model features collide: "${feature}"`);
    }
    if (count === 0 || row.some((x, k) => k % 2 === 1 && (x < -32768 || x > 32767))) throw new Error(`Bad weights for "${feature}"`);
    TABLE[4 * at] = h;
    if (count <= 3) {
      let meta = count;
      for (let k = 0; k < count; k++) meta |= row[2 * k] << (8 * (k + 1));
      TABLE[4 * at + 1] = meta;
      TABLE[4 * at + 2] = (row[1] & 0xffff) | ((count > 1 ? row[3] : 0) << 16);
      TABLE[4 * at + 3] = count > 2 ? row[5] : 0;
    } else {
      TABLE[4 * at + 1] = 255;
      TABLE[4 * at + 2] = overflowCls.length;
      for (let k = 0; k < count; k++) {
        overflowCls.push(row[2 * k]);
        overflowW.push(row[2 * k + 1]);
      }
      TABLE[4 * at + 3] = overflowCls.length;
    }
  });
  const OVERFLOW_CLS = Uint8Array.from(overflowCls);
  const OVERFLOW_W = Int32Array.from(overflowW);
  const B = Int32Array.from(data.bias);
  const SCALE = data.scale;

  /** The slot of the feature with hash h, or -1. */
  const lookup = (h: number): number => {
    for (let at = Math.imul(h, 0x9e3779b1) >>> SHIFT; ; at = (at + 1) & mask) {
      if (TABLE[4 * at + 1] === 0) return -1;
      if (TABLE[4 * at] === h) return at;
    }
  };

  // Per-call scratch, reused (classify is synchronous and not re-entrant).
  const words = newWordBuffer();
  const hashes = words.hashes;
  const N = data.charNgram;
  const N_MAX = N > 0 ? Math.max(N, data.charNgramMax ?? N) : 0;
  const PAIRS = data.pairs;
  const IDEOGRAPH_PAIRS = !PAIRS && data.ideographPairs === true;
  const chars = words.chars;
  const starts = words.starts;
  const SIGNALS = data.signals === true;
  // Per length n, a word's n-grams: its letters + 2 edges - n + 1; plus the code features.
  const grams = new Int32Array((N_MAX - N + 1) * (FEATURE_SCAN_LIMIT + 2 * MAX_WORDS) + 8);
  const seen = new Int32Array(slots); // call number that last counted each slot
  const scores = new Int32Array(C);
  let call = 0;

  /** Adds the weights of the feature in slot `at` to `scores`, once per call. */
  function add(at: number): void {
    if (seen[at] === call) return;
    seen[at] = call;
    const s = 4 * at;
    const meta = TABLE[s + 1];
    const count = meta & 255;
    if (count === 255) {
      for (let x = TABLE[s + 2], end = TABLE[s + 3]; x < end; x++) scores[OVERFLOW_CLS[x]] += OVERFLOW_W[x];
      return;
    }
    const w01 = TABLE[s + 2];
    scores[(meta >>> 8) & 255] += (w01 << 16) >> 16;
    if (count > 1) scores[(meta >>> 16) & 255] += w01 >> 16;
    if (count > 2) scores[meta >>> 24] += TABLE[s + 3];
  }

  /** Scores the text's distinct features into `scores` (stored integers); returns the best class. */
  function score(text: string, status: number, code: number): number {
    call++;
    for (let c = 0; c < C; c++) scores[c] = B[c];
    const n = wordHashes(text, words);
    let g = 0;
    if (N > 0) for (let len = N; len <= N_MAX; len++) for (let i = 0; i < n; i++) g = ngramHashes(words, i, len, grams, g);
    if (SIGNALS) g = signalHashes(status, code, grams, g);
    for (let j = 0; j < g; j++) {
      const at = lookup(grams[j]);
      if (at >= 0) add(at);
    }
    for (let i = 0; i < n; i++) {
      let at = lookup(hashes[i]);
      if (at >= 0) add(at);
      if (PAIRS && i + 1 < n) {
        at = lookup(pairHash(hashes[i], hashes[i + 1]));
        if (at >= 0) add(at);
      } else if (
        IDEOGRAPH_PAIRS &&
        i + 1 < n &&
        starts[i + 1] - starts[i] === 1 &&
        starts[i + 2] - starts[i + 1] === 1 &&
        isIdeographCode(chars[starts[i]]) &&
        isIdeographCode(chars[starts[i + 1]])
      ) {
        at = lookup(pairHash(hashes[i], hashes[i + 1]));
        if (at >= 0) add(at);
      }
    }
    let best = 0;
    for (let c = 1; c < C; c++) if (scores[c] > scores[best]) best = c;
    return best;
  }

  /** The softmax probability of class `best`. */
  function probabilityOf(best: number): number {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp((scores[c] - scores[best]) / SCALE);
    return 1 / sum;
  }

  function predict(text: string, status: number, code: number, atLeast: number): number {
    const best = score(text, status, code);
    const least = Math.max(atLeast, data.threshold);
    // p = 1 / Σ exp(s_c - s_best) ≥ least  ⇔  Σ ≤ 1 / least. The runner-up bounds the sum
    // (1 + e ≤ Σ ≤ 1 + (C - 1) e, e = exp(s_2 - s_best)), which settles most replies with one exp.
    let second = best === 0 ? 1 : 0;
    for (let c = 0; c < C; c++) if (c !== best && scores[c] > scores[second]) second = c;
    const e = Math.exp((scores[second] - scores[best]) / SCALE);
    const limit = 1 / least;
    if (1 + e > limit) return -1;
    if (1 + (C - 1) * e <= limit) return best;
    return probabilityOf(best) >= least ? best : -1;
  }

  let indexOf: Map<string, number> | null = null;

  /**
   * The best class and the words that pulled most towards it: a word's pull is its own weight
   * there minus its mean weight, plus its n-grams' (so a word known only by its n-grams still
   * shows as itself); a word pair counts as one entry.
   */
  function explain(text: string, status: number, code: number, top = 3): Explanation {
    const best = score(text, status, code);
    const probability = probabilityOf(best);
    const index = probability >= data.threshold ? best : -1;
    indexOf ??= new Map(data.features.map((f, i) => [f, i]));
    const pullOf = (feature: string): number => {
      const f = indexOf?.get(feature);
      if (f === undefined) return 0;
      const row = data.weights[f];
      let mine = 0;
      let mean = 0;
      for (let k = 0; k + 1 < row.length; k += 2) {
        mean += row[k + 1] / C;
        if (row[k] === best) mine = row[k + 1];
      }
      return (mine - mean) / SCALE;
    };
    const pulls = new Map<string, number>();
    const ws = replyWords(text);
    ws.forEach((w, i) => {
      let pull = pullOf(w);
      for (let len = N; N > 0 && len <= N_MAX; len++) for (const g of wordNgrams(w, len)) pull += pullOf(g);
      pulls.set(w, Math.max(pulls.get(w) ?? 0, pull));
      if (i + 1 < ws.length) {
        // A pair of Chinese/Japanese characters shows as written, with no space.
        const next = ws[i + 1];
        const shown =
          w.length === 1 && next.length === 1 && isIdeographCode(w.charCodeAt(0)) && isIdeographCode(next.charCodeAt(0)) ? w + next : `${w} ${next}`;
        pulls.set(shown, pullOf(`${w} ${next}`));
      }
    });
    // The codes show as themselves ("=s5.7" → "status 5.7"), when they pulled.
    if (SIGNALS) for (const f of signalFeatures(status, code)) pulls.set(signalLabel(f), pullOf(f));
    const ranked = [...pulls].filter(([, p]) => p > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return {
      index,
      category: index >= 0 ? data.classes[index] : null,
      probability,
      words: ranked.slice(0, top).map(([w]) => w),
    };
  }

  return {
    classes: data.classes,
    threshold: data.threshold,
    featureCount: F,
    predict,
    explain,
  };
}

/** How a code feature is shown among an explanation's words: "=s5.7" → "status 5.7.x", "=r550" → "reply 550". */
function signalLabel(feature: string): string {
  const kind = feature.charAt(1);
  const rest = feature.slice(2);
  if (kind === "s") return `status ${rest}${rest.includes(".") ? ".x" : ".x.x"}`;
  if (kind === "x") return `status x.${rest}`;
  return rest.length === 1 ? `reply ${rest}xx` : `reply ${rest}`;
}
