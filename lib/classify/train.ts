/**
 * Training of the learned fallback (model.ts): multinomial logistic regression (softmax, L2,
 * full-batch Adam) or multinomial naive Bayes, over the distinct words and word pairs of each
 * reply. Deterministic: the same samples and options give the same model.json, byte for byte
 * (no randomness, a fixed order of every sum).
 */
import { CATEGORY_CODES, type CategoryCode } from "../categories";
import { CASES } from "./cases";
import type { CorpusEntry } from "./corpus";
import { replyWords } from "./features";
import type { ModelData } from "./model";

export interface Sample {
  text: string;
  category: CategoryCode;
}

export interface TrainOptions {
  algorithm: "logreg" | "naive-bayes";
  /** Word pairs as well as words. */
  pairs: boolean;
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
}

export const DEFAULT_OPTIONS: TrainOptions = {
  algorithm: "logreg",
  pairs: true,
  minCount: 1,
  l2: 1e-4,
  iterations: 300,
  balanced: true,
  alpha: 0.1,
  threshold: 0.35,
  scale: 100,
};

/**
 * What the shipped model learns from: the given corpus replies (the training part) and the rule
 * test table's replies (lib/classify/cases.ts), which are never measured.
 */
export function trainingSamples(entries: readonly CorpusEntry[]): Sample[] {
  return [
    ...entries.map((e) => ({ text: e.text, category: e.category })),
    ...CASES.filter((c) => c.diagnostic).map((c) => ({ text: c.diagnostic as string, category: c.category })),
  ];
}

/** The shipped model: trained on the training part (and cases.ts) with DEFAULT_OPTIONS. */
export function trainShippedModel(trainPart: readonly CorpusEntry[]): ModelData {
  return trainModel(trainingSamples(trainPart), CATEGORY_CODES, DEFAULT_OPTIONS);
}

/** model.json's text: one feature per line, so a retrained model diffs line by line. */
export function serialiseModel(m: ModelData): string {
  const head = { format: m.format, about: m.about, classes: m.classes, threshold: m.threshold, scale: m.scale, bias: m.bias };
  const features = m.features.map((f) => JSON.stringify(f)).join(",\n");
  const weights = m.weights.map((w) => JSON.stringify(w)).join(",\n");
  return `${JSON.stringify(head).slice(0, -1)},\n"features":[\n${features}\n],\n"weights":[\n${weights}\n]}\n`;
}

/** The distinct features of a reply: its words and, if asked, its adjacent word pairs. */
export function featuresOf(text: string, pairs = true): string[] {
  const words = replyWords(text);
  const out = new Set<string>(words);
  if (pairs) for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return [...out];
}

export function trainModel(samples: readonly Sample[], classes: readonly CategoryCode[], opts: TrainOptions): ModelData {
  const C = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const rows = samples.map((s) => featuresOf(s.text, opts.pairs));
  const labels = samples.map((s) => {
    const c = classIndex.get(s.category);
    if (c === undefined) throw new Error(`Sample of unknown class ${s.category}`);
    return c;
  });

  const counts = new Map<string, number>();
  for (const r of rows) for (const f of r) counts.set(f, (counts.get(f) ?? 0) + 1);
  const features = [...counts.keys()].filter((f) => (counts.get(f) ?? 0) >= opts.minCount).sort();
  const index = new Map(features.map((f, i) => [f, i]));
  const X = rows.map((r) => Int32Array.from(r.map((f) => index.get(f) ?? -1).filter((i) => i >= 0)).sort());

  const { weights, bias } =
    opts.algorithm === "logreg" ? fitLogistic(X, labels, features.length, C, opts) : fitNaiveBayes(X, labels, features.length, C, opts);

  const q = (x: number) => Math.round(x * opts.scale) + 0; // + 0 turns -0 into 0
  return {
    format: 1,
    about: `${opts.algorithm} over words${opts.pairs ? " and word pairs" : ""}; ${samples.length} training replies, ${features.length} features; ${JSON.stringify(opts)}`,
    classes: [...classes],
    threshold: opts.threshold,
    scale: opts.scale,
    bias: Array.from(bias, q),
    features,
    weights: features.map((_, f) => Array.from(weights.subarray(f * C, f * C + C), q)),
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
