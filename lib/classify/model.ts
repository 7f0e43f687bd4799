/**
 * The learned fallback: a linear model over the words and word pairs of a reply (features.ts),
 * trained by scripts/classify-train.ts on the development corpus and shipped as model.json.
 *
 * A reply's score for each category is that category's bias plus the weights of the features it
 * contains (its words, word pairs and the character n-grams of its words, each counted once); the
 * softmax of the scores is the model's confidence. It answers a
 * category only when that confidence reaches the model's threshold, so `other` stays for replies
 * no category fits. Pure, synchronous and allocation-free per call.
 */
import type { CategoryCode } from "../categories";
import { FEATURE_SCAN_LIMIT, MAX_WORDS, newWordBuffer, ngramFeatureHash, ngramHashes, pairHash, replyWords, wordHash, wordHashes, wordNgrams } from "./features";

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
  /** Length of the character n-grams read from each word (0: none). */
  charNgram: number;
  bias: number[];
  /** "word", "word word" or "#" + a character n-gram ("#ctiv", "#<mai"), sorted. */
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
   * `atLeast`, else -1.
   */
  predict(text: string, atLeast: number): number;
  explain(text: string, top?: number): Explanation;
}

export function featureHash(feature: string): number {
  if (feature.charCodeAt(0) === 35) return ngramFeatureHash(feature); // "#"
  const sp = feature.indexOf(" ");
  return sp < 0 ? wordHash(feature) : pairHash(wordHash(feature.slice(0, sp)), wordHash(feature.slice(sp + 1)));
}

export function compileModel(data: ModelData): LearnedModel {
  const C = data.classes.length;
  const F = data.features.length;
  // Float32: a feature's 16 weights fill one 64-byte cache line.
  const W = new Float32Array(F * C);
  data.weights.forEach((row, f) => {
    for (let k = 0; k + 1 < row.length; k += 2) W[f * C + row[k]] = row[k + 1] / data.scale;
  });
  const B = Float64Array.from(data.bias, (b) => b / data.scale);

  // Open-addressing table from feature hash to feature index + 1, as [hash, index + 1] pairs
  // (one cache line holds both), at most a quarter full so most misses stop at the first slot.
  let slots = 1024;
  while (slots < F * 4) slots <<= 1;
  const SHIFT = 32 - Math.log2(slots);
  const TABLE = new Int32Array(slots * 2);
  data.features.forEach((feature, f) => {
    const h = featureHash(feature);
    for (let at = Math.imul(h, 0x9e3779b1) >>> SHIFT; ; at = (at + 1) & (slots - 1)) {
      if (TABLE[2 * at + 1] === 0) {
        TABLE[2 * at] = h;
        TABLE[2 * at + 1] = f + 1;
        break;
      }
      if (TABLE[2 * at] === h) throw new Error(`Model features collide: "${feature}" and "${data.features[TABLE[2 * at + 1] - 1]}"`);
    }
  });
  const mask = slots - 1;
  const lookup = (h: number): number => {
    for (let at = Math.imul(h, 0x9e3779b1) >>> SHIFT; ; at = (at + 1) & mask) {
      const v = TABLE[2 * at + 1];
      if (v === 0) return -1;
      if (TABLE[2 * at] === h) return v - 1;
    }
  };

  // Per-call scratch, reused (classify is synchronous and not re-entrant).
  const words = newWordBuffer();
  const hashes = words.hashes;
  const N = data.charNgram;
  const grams = new Int32Array(FEATURE_SCAN_LIMIT + 2 * MAX_WORDS); // a word's n-grams: its letters + 2 edges - N + 1
  const seen = new Int32Array(F); // call number that last counted each feature
  const found = new Int32Array(2 * MAX_WORDS + grams.length);
  const scores = new Float64Array(C);
  let call = 0;

  /** Fills `found` with the distinct features of the text; returns how many. */
  function collect(text: string): number {
    call++;
    const n = wordHashes(text, words);
    let k = 0;
    if (N > 0) {
      let g = 0;
      for (let i = 0; i < n; i++) g = ngramHashes(words, i, N, grams, g);
      for (let j = 0; j < g; j++) {
        const f = lookup(grams[j]);
        if (f >= 0 && seen[f] !== call) {
          seen[f] = call;
          found[k++] = f;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      let f = lookup(hashes[i]);
      if (f >= 0 && seen[f] !== call) {
        seen[f] = call;
        found[k++] = f;
      }
      if (i + 1 < n) {
        f = lookup(pairHash(hashes[i], hashes[i + 1]));
        if (f >= 0 && seen[f] !== call) {
          seen[f] = call;
          found[k++] = f;
        }
      }
    }
    return k;
  }

  /** Scores the found features into `scores`; returns the best class. */
  function score(k: number): number {
    for (let c = 0; c < C; c++) scores[c] = B[c];
    for (let j = 0; j < k; j++) {
      const base = found[j] * C;
      for (let c = 0; c < C; c++) scores[c] += W[base + c];
    }
    let best = 0;
    for (let c = 1; c < C; c++) if (scores[c] > scores[best]) best = c;
    return best;
  }

  /** The softmax probability of class `best`. */
  function probabilityOf(best: number): number {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(scores[c] - scores[best]);
    return 1 / sum;
  }

  function predict(text: string, atLeast: number): number {
    const best = score(collect(text));
    const least = atLeast > data.threshold ? atLeast : data.threshold;
    // p = 1 / Σ exp(s_c - s_best) ≥ least  ⇔  Σ ≤ 1 / least. The runner-up bounds the sum
    // (1 + e ≤ Σ ≤ 1 + (C - 1) e, e = exp(s_2 - s_best)), which settles most replies with one exp.
    let second = best === 0 ? 1 : 0;
    for (let c = 0; c < C; c++) if (c !== best && scores[c] > scores[second]) second = c;
    const e = Math.exp(scores[second] - scores[best]);
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
  function explain(text: string, top = 3): Explanation {
    const best = score(collect(text));
    const probability = probabilityOf(best);
    const index = probability >= data.threshold ? best : -1;
    indexOf ??= new Map(data.features.map((f, i) => [f, i]));
    const pullOf = (feature: string): number => {
      const f = indexOf?.get(feature);
      if (f === undefined) return 0;
      let mean = 0;
      for (let c = 0; c < C; c++) mean += W[f * C + c] / C;
      return W[f * C + best] - mean;
    };
    const pulls = new Map<string, number>();
    const ws = replyWords(text);
    ws.forEach((w, i) => {
      let pull = pullOf(w);
      if (N > 0) for (const g of wordNgrams(w, N)) pull += pullOf(g);
      pulls.set(w, Math.max(pulls.get(w) ?? 0, pull));
      if (i + 1 < ws.length) pulls.set(`${w} ${ws[i + 1]}`, pullOf(`${w} ${ws[i + 1]}`));
    });
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
