/**
 * Classifier throughput on one core: `npm run bench:classify [-- --size N --runs N]`.
 *
 * Measures, in the same process and interleaved run by run (so both see the same machine
 * noise), the real classifier and the naive ordered-regex baseline (lib/classify/naive.ts) over
 * a corpus of distinct realistic replies. There is no memo cache anywhere, so every figure is an
 * uncached figure. Prints per-run figures, medians and a one-line summary; then the same for
 * the fallback path alone: development-corpus replies that the rules leave to the learned model.
 */
import { classify } from "../lib/classify";
import { naiveClassify } from "../lib/classify/naive";
import { buildBenchCorpus, buildCorpusBench } from "../lib/classify/bench-corpus";
import type { Classification, ClassifyInput } from "../lib/classify/types";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const SIZE = arg("size", 20_000);
const RUNS = arg("runs", 7);
const MIN_RUN_MS = 400; // each timed run lasts at least this long, so timer noise is negligible

const corpus = buildBenchCorpus(SIZE);
const lengths = corpus.map((c) => (c.diagnostic ?? "").length);
const avgLen = lengths.reduce((a, b) => a + b, 0) / corpus.length;

let sink = 0; // consumed below so the JIT cannot drop the calls

/**
 * Calibration: the cheapest possible pass over the same texts (read every character once).
 * On a shared or throttled machine absolute figures move a lot; the classifier's speed as a
 * fraction of this bare read does not.
 */
function bareRead(input: ClassifyInput): Classification {
  const t = input.diagnostic ?? "";
  let s = 0;
  for (let i = 0; i < t.length; i++) s += t.charCodeAt(i);
  return s === -1 ? { category: "other", ruleId: "x" } : BARE;
}
const BARE: Classification = { category: "other", ruleId: "bare" };

function pass(fn: (i: ClassifyInput) => Classification, inputs = corpus): void {
  for (let i = 0; i < inputs.length; i++) sink += fn(inputs[i]).ruleId.length;
}

/** Classifications per second for one timed run of whole passes over the corpus. */
function timedRun(fn: (i: ClassifyInput) => Classification, inputs = corpus): number {
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0;
  do {
    pass(fn, inputs);
    calls += inputs.length;
    elapsedNs = Number(process.hrtime.bigint() - start);
  } while (elapsedNs < MIN_RUN_MS * 1e6);
  return calls / (elapsedNs / 1e9);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

// Warm up both so the JIT has optimised them before timing.
for (let i = 0; i < 3; i++) pass(classify);
pass(naiveClassify);

let agree = 0;
for (const c of corpus) if (classify(c).category === naiveClassify(c).category) agree++;

console.log(`Rebound bounce classifier benchmark — Node ${process.version}, one thread`);
console.log(
  `corpus: ${corpus.length.toLocaleString("en-US")} distinct replies, average ${avgLen.toFixed(0)} chars, longest ${Math.max(...lengths)} chars; no cache`,
);
console.log("run   classifier/s     naive regex list/s   ratio    bare read of the text/s   classifier/bare");
const fast: number[] = [];
const slow: number[] = [];
const bare: number[] = [];
for (let i = 0; i < 3; i++) pass(bareRead);
for (let run = 1; run <= RUNS; run++) {
  const f = timedRun(classify);
  const s = timedRun(naiveClassify);
  const b = timedRun(bareRead);
  fast.push(f);
  slow.push(s);
  bare.push(b);
  console.log(
    `${String(run).padEnd(5)} ${fmt(f).padStart(12)}     ${fmt(s).padStart(12)}        ${(f / s).toFixed(1).padStart(5)}x   ${fmt(b).padStart(12)}   ${`${((100 * f) / b).toFixed(0)}%`.padStart(15)}`,
  );
}
const mf = median(fast);
const ms = median(slow);
const mb = median(bare);
console.log(`median classifier:        ${fmt(mf)} classifications/s (min ${fmt(Math.min(...fast))}, max ${fmt(Math.max(...fast))})`);
console.log(`median naive regex list:  ${fmt(ms)} classifications/s (min ${fmt(Math.min(...slow))}, max ${fmt(Math.max(...slow))})`);
console.log(`ratio of medians:         ${(mf / ms).toFixed(1)}x`);
console.log(
  `calibration:              a bare charCodeAt read of the same texts runs at ${fmt(mb)}/s here; the classifier runs at ${((100 * mf) / mb).toFixed(0)}% of that`,
);
// On a shared machine the bare read can halve from one run to the next; the per-run share of it
// (last column) is the figure to compare across machines and runs.
console.log(`classifier/bare per run:  median ${(100 * median(fast.map((f, k) => f / bare[k]))).toFixed(0)}%`);
console.log(
  `same category as naive:   ${((100 * agree) / corpus.length).toFixed(1)}% of the corpus (the naive list has no strong/weak split and no accent folding)`,
);
console.log(
  `SUMMARY: classifier ${fmt(mf)}/s vs naive ${fmt(ms)}/s = ${(mf / ms).toFixed(1)}x faster; median of ${RUNS} runs over ${corpus.length} distinct replies${sink < 0 ? "" : ""}`,
);

// The fallback path: replies on which the learned model runs (it decides them, or finds no
// category likely and leaves them to default-other).
const fallback = buildCorpusBench((input) => {
  const id = classify(input).ruleId;
  return id === "model" || id === "default-other";
}, SIZE);
if (fallback.length === 0) {
  console.log("\nfallback path: no development-corpus reply reaches the model");
} else {
  const fbLengths = fallback.map((c) => (c.diagnostic ?? "").length);
  const byModel = fallback.filter((c) => classify(c).ruleId === "model").length;
  for (let i = 0; i < 3; i++) pass(classify, fallback);
  pass(naiveClassify, fallback);
  console.log(
    `\nfallback path: ${fallback.length.toLocaleString("en-US")} distinct replies from the development corpus that the rules leave to the model, average ${(fbLengths.reduce((a, b) => a + b, 0) / fallback.length).toFixed(0)} chars; the model decides ${((100 * byModel) / fallback.length).toFixed(0)}% of them`,
  );
  console.log("run   classifier/s     naive regex list/s   ratio");
  const fbFast: number[] = [];
  const fbSlow: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const f = timedRun(classify, fallback);
    const s = timedRun(naiveClassify, fallback);
    fbFast.push(f);
    fbSlow.push(s);
    console.log(`${String(run).padEnd(5)} ${fmt(f).padStart(12)}     ${fmt(s).padStart(12)}        ${(f / s).toFixed(1).padStart(5)}x`);
  }
  const ff = median(fbFast);
  const fs = median(fbSlow);
  console.log(
    `SUMMARY fallback path: classifier ${fmt(ff)}/s vs naive ${fmt(fs)}/s = ${(ff / fs).toFixed(1)}x; median of ${RUNS} runs over ${fallback.length} distinct replies`,
  );
}
