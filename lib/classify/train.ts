/**
 * Training of the learned fallback (model.ts): multinomial logistic regression (softmax, L2,
 * full-batch Adam) or multinomial naive Bayes, over the distinct words of each reply, their
 * character n-grams and, optionally, adjacent word pairs. Deterministic: the same samples and options give the same model.json, byte for byte
 * (no randomness, a fixed order of every sum).
 */
import { CATEGORY_CODES, type CategoryCode } from "../categories";
import { CASES } from "./cases";
import type { CorpusEntry } from "./corpus";
import { isIdeographCode, replyWords, signalFeatures, wordNgrams } from "./features";
import { modelInput } from "./index";
import { featureHash, type ModelData } from "./model";

export interface Sample {
  text: string;
  category: CategoryCode;
  /** The status (packed as codes.ts packs it) and reply code the classifier reads; -1 or absent for none. */
  status?: number;
  code?: number;
}

export interface TrainOptions {
  algorithm: "logreg" | "naive-bayes";
  /** Word pairs as well as words. */
  pairs: boolean;
  /** Pairs of adjacent Chinese/Japanese characters (each one a word) as well. */
  ideographPairs?: boolean;
  /** Length of the character n-grams of each word (0: none); the shortest when charNgramMax is larger. */
  charNgram: number;
  /** Longest character n-grams (every length from charNgram to this). */
  charNgramMax: number;
  /** The status and reply code as features (features.ts signalFeatures). */
  signals: boolean;
  /** A feature must occur in at least this many samples. */
  minCount: number;
  /** logreg: L2 penalty per sample. */
  l2: number;
  /** logreg: full-batch iterations. */
  iterations: number;
  /** logreg: weight samples so each class counts as much in total. */
  balanced: boolean;
  /** naive-bayes: additive smoothing. */
  alpha: number;
  /** Least probability for an answer (see ModelData.threshold). */
  threshold: number;
  /** Stored weights are round(weight × scale). */
  scale: number;
  /** Stored weights smaller than this (in absolute value) are dropped, to keep model.json small. */
  minWeight: number;
}

export const DEFAULT_OPTIONS: TrainOptions = {
  algorithm: "logreg",
  pairs: false,
  charNgram: 4,
  charNgramMax: 4,
  signals: true,
  minCount: 1,
  l2: 1e-4,
  iterations: 150,
  balanced: true,
  alpha: 0.1,
  threshold: 0.15,
  scale: 100,
  minWeight: 10,
};

/**
 * What the shipped model learns from: the given corpus replies (the training part) and the rule
 * test table's replies (lib/classify/cases.ts), which are never measured.
 */
export function trainingSamples(entries: readonly CorpusEntry[]): Sample[] {
  return [
    ...entries.map((e) => ({ ...modelInput({ status: e.status, replyCode: e.code, diagnostic: e.text }), category: e.category })),
    ...CASES.filter((c) => c.diagnostic).map((c) => ({
      ...modelInput({ status: c.status, replyCode: c.replyCode, diagnostic: c.diagnostic }),
      category: c.category,
    })),
  ];
}

/** The shipped model: trained on the training part (and cases.ts) with DEFAULT_OPTIONS. */
export function trainShippedModel(trainPart: readonly CorpusEntry[]): ModelData {
  return trainModel(trainingSamples(trainPart), CATEGORY_CODES, DEFAULT_OPTIONS);
}

/** model.json's text: one feature per line, so a retrained model diffs line by line. */
export function serialiseModel(m: ModelData): string {
  const head = {
    format: m.format,
    about: m.about,
    classes: m.classes,
    threshold: m.threshold,
    scale: m.scale,
    charNgram: m.charNgram,
    ...(m.charNgramMax !== undefined ? { charNgramMax: m.charNgramMax } : {}),
    ...(m.signals ? { signals: true } : {}),
    pairs: m.pairs,
    ...(m.ideographPairs ? { ideographPairs: true } : {}),
    bias: m.bias,
  };
  const features = m.features.map((f) => JSON.stringify(f)).join(",\n");
  const weights = m.weights.map((w) => JSON.stringify(w)).join(",\n");
  return `${JSON.stringify(head).slice(0, -1)},\n"features":[\n${features}\n],\n"weights":[\n${weights}\n]}\n`;
}

/**
 * The distinct features of a reply: its words, the character n-grams of each word (if charNgram > 0)
 * and, if asked, its adjacent word pairs.
 */
export function featuresOf(text: string, pairs = true, charNgram = 0, charNgramMax = charNgram, signals: string[] = [], ideographPairs = false): string[] {
  const words = replyWords(text);
  const out = new Set<string>();
  for (const w of words) {
    for (let n = charNgram; charNgram > 0 && n <= charNgramMax; n++) for (const g of wordNgrams(w, n)) out.add(g);
    out.add(w);
  }
  if (pairs) for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  else if (ideographPairs) {
    for (let i = 0; i + 1 < words.length; i++) {
      if (isIdeographWord(words[i]) && isIdeographWord(words[i + 1])) out.add(`${words[i]} ${words[i + 1]}`);
    }
  }
  for (const f of signals) out.add(f);
  return [...out];
}

/** A sample's features under the given options. */
export function sampleFeatures(s: Sample, opts: TrainOptions): string[] {
  const signals = opts.signals ? signalFeatures(s.status ?? -1, s.code ?? -1) : [];
  return featuresOf(s.text, opts.pairs, opts.charNgram, Math.max(opts.charNgram, opts.charNgramMax), signals, opts.ideographPairs === true);
}

export function trainModel(
  samples: readonly Sample[],
  classes: readonly CategoryCode[],
  opts: TrainOptions,
  featurize: (s: Sample) => string[] = (s) => sampleFeatures(s, opts),
): ModelData {
  const C = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const rows = samples.map((s) => featurize(s));
  const labels = samples.map((s) => {
    const c = classIndex.get(s.category);
    if (c === undefined) throw new Error(`Sample of unknown class ${s.category}`);
    return c;
  });

  const counts = new Map<string, number>();
  for (const r of rows) for (const f of r) counts.set(f, (counts.get(f) ?? 0) + 1);
  // A feature whose 32-bit hash equals a more frequent one's is dropped (about one in 10^5): the
  // classifier looks features up by hash.
  const byHash = new Map<number, string>();
  for (const f of [...counts.keys()].sort()) {
    if ((counts.get(f) ?? 0) < opts.minCount) continue;
    const h = featureHash(f);
    const other = byHash.get(h);
    if (other === undefined || (counts.get(f) ?? 0) > (counts.get(other) ?? 0)) byHash.set(h, f);
  }
  const kept = [...byHash.values()].sort();
  const index = new Map(kept.map((f, i) => [f, i]));
  const X = rows.map((r) => Int32Array.from(r.map((f) => index.get(f) ?? -1).filter((i) => i >= 0)).sort());

  const { weights, bias } = opts.algorithm === "logreg" ? fitLogistic(X, labels, kept.length, C, opts) : fitNaiveBayes(X, labels, kept.length, C, opts);

  // Stored sparse, as integers: most features weigh (after rounding) nothing for most classes, and
  // a feature left with no weight at all is not stored.
  const q = (x: number) => Math.round(x * opts.scale) + 0; // + 0 turns -0 into 0
  const features: string[] = [];
  const rowsOut: number[][] = [];
  kept.forEach((feature, f) => {
    const row: number[] = [];
    for (let c = 0; c < C; c++) {
      const w = q(weights[f * C + c]);
      if (w !== 0 && Math.abs(w) >= opts.minWeight) row.push(c, w);
    }
    if (row.length === 0) return;
    features.push(feature);
    rowsOut.push(row);
  });
  return {
    format: 1,
    about: `${opts.algorithm} over words${opts.pairs ? ", word pairs" : opts.ideographPairs ? ", pairs of Chinese/Japanese characters" : ""}${opts.charNgram > 0 ? `, character ${opts.charNgram}${opts.charNgramMax > opts.charNgram ? `–${opts.charNgramMax}` : ""}-grams` : ""}${opts.signals ? ", status and reply code" : ""}; ${samples.length} training replies, ${features.length} features; ${JSON.stringify(opts)}`,
    classes: [...classes],
    threshold: opts.threshold,
    scale: opts.scale,
    charNgram: opts.charNgram,
    ...(opts.charNgramMax > opts.charNgram ? { charNgramMax: opts.charNgramMax } : {}),
    ...(opts.signals ? { signals: true } : {}),
    pairs: opts.pairs,
    ...(opts.ideographPairs && !opts.pairs ? { ideographPairs: true } : {}),
    bias: Array.from(bias, q),
    features,
    weights: rowsOut,
  };
}

function fitLogistic(X: Int32Array[], y: number[], F: number, C: number, opts: TrainOptions) {
  const N = X.length;
  const classCount = new Float64Array(C);
  for (const c of y) classCount[c]++;
  const sampleWeight = y.map((c) => (opts.balanced ? N / (C * classCount[c]) : 1));
  const totalWeight = sampleWeight.reduce((a, b) => a + b, 0);

  const P = F * C + C; // weights, then biases
  const theta = new Float64Array(P);
  const grad = new Float64Array(P);
  const m = new Float64Array(P);
  const v = new Float64Array(P);
  const p = new Float64Array(C);
  const lr = 0.1;
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= opts.iterations; t++) {
    grad.fill(0);
    for (let i = 0; i < N; i++) {
      const x = X[i];
      for (let c = 0; c < C; c++) p[c] = theta[F * C + c];
      for (const f of x) for (let c = 0; c < C; c++) p[c] += theta[f * C + c];
      let max = p[0];
      for (let c = 1; c < C; c++) if (p[c] > max) max = p[c];
      let sum = 0;
      for (let c = 0; c < C; c++) sum += p[c] = Math.exp(p[c] - max);
      const w = sampleWeight[i] / totalWeight;
      for (let c = 0; c < C; c++) {
        const g = w * (p[c] / sum - (c === y[i] ? 1 : 0));
        grad[F * C + c] += g;
        for (const f of x) grad[f * C + c] += g;
      }
    }
    for (let k = 0; k < F * C; k++) grad[k] += opts.l2 * theta[k];
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let k = 0; k < P; k++) {
      m[k] = b1 * m[k] + (1 - b1) * grad[k];
      v[k] = b2 * v[k] + (1 - b2) * grad[k] * grad[k];
      theta[k] -= (lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + 1e-8);
    }
  }
  return { weights: theta.subarray(0, F * C), bias: theta.subarray(F * C) };
}

function fitNaiveBayes(X: Int32Array[], y: number[], F: number, C: number, opts: TrainOptions) {
  const count = new Float64Array(F * C);
  const total = new Float64Array(C);
  const docs = new Float64Array(C);
  X.forEach((x, i) => {
    docs[y[i]]++;
    for (const f of x) {
      count[f * C + y[i]]++;
      total[y[i]]++;
    }
  });
  const weights = new Float64Array(F * C);
  for (let f = 0; f < F; f++) {
    for (let c = 0; c < C; c++) weights[f * C + c] = Math.log((count[f * C + c] + opts.alpha) / (total[c] + opts.alpha * F));
  }
  // Uniform prior: the corpus's class sizes say how much was written, not how often replies occur.
  const bias = new Float64Array(C);
  return { weights, bias };
}

function isIdeographWord(w: string): boolean {
  return w.length === 1 && isIdeographCode(w.charCodeAt(0));
}
