/**
 * Train the learned fallback on the training part of the development corpus (plus the rule
 * test table, lib/classify/cases.ts) and write lib/classify/model.json:
 *
 *   npm run classify:train                 train with the chosen options and write the model
 *   npm run classify:train -- --compare    cross-validate the candidate options inside the training part
 *                                          (add --only=TEXT to run the candidates whose name contains TEXT)
 *   npm run classify:train -- --overrides  cross-validate which weak rule decisions the model may overturn
 *   npm run classify:train -- --cv-misses  list the training part's cross-validated misses (shipped options)
 *
 * The validation part is never read here. Deterministic: the same corpus gives the same file.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { CATEGORY_CODES, type CategoryCode } from "../lib/categories";
import { asInput, loadCorpus, type CorpusEntry } from "../lib/classify/corpus";
import { pct, score } from "../lib/classify/evaluate";
import { classifyByRules, makeClassifier, NO_OVERRIDE, SHIPPED_OPTIONS, type ClassifierOptions } from "../lib/classify/index";
import { compileModel } from "../lib/classify/model";
import { DEFAULT_OPTIONS, serialiseModel, trainingSamples, trainModel, trainShippedModel, type TrainOptions } from "../lib/classify/train";

const MODEL_FILE = path.join(__dirname, "../lib/classify/model.json");
const FOLDS = 5;

const train = loadCorpus().filter((e) => e.part === "train");

function fold(e: CorpusEntry): number {
  let h = 0x811c9dc5;
  const s = `fold:${e.key}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) % FOLDS;
}

/** Cross-validated figures for one set of training options, at several thresholds and override policies. */
function crossValidate(opts: TrainOptions, thresholds: number[], policies: [string, ClassifierOptions][]) {
  const got = new Map<string, { expected: CategoryCode; got: CategoryCode }[]>();
  const reached: { expected: CategoryCode; got: CategoryCode }[] = []; // at the first threshold, replies the rules leave to `other`
  for (let k = 0; k < FOLDS; k++) {
    const held = train.filter((e) => fold(e) === k);
    const data = trainModel(trainingSamples(train.filter((e) => fold(e) !== k)), CATEGORY_CODES, opts);
    for (const t of thresholds) {
      const model = compileModel({ ...data, threshold: t });
      for (const [name, policy] of policies) {
        const classify = makeClassifier(model, policy);
        const key = `${t}|${name}`;
        const list = got.get(key) ?? [];
        for (const e of held) {
          const r = classify(asInput(e));
          list.push({ expected: e.category, got: r.category });
          if (t === thresholds[0] && name === policies[0][0] && classifyByRules(asInput(e)).ruleId === "default-other") {
            reached.push({ expected: e.category, got: r.category });
          }
        }
        got.set(key, list);
      }
    }
  }
  return { got, reached: score(reached) };
}

function compare(): void {
  console.log(`${FOLDS}-fold cross-validation inside the training part (${train.length} replies; folds by the split key; cases.ts always trains)`);
  const rules = score(train.map((e) => ({ expected: e.category, got: classifyByRules(asInput(e)).category })));
  console.log(`rules only: accuracy ${pct(rules.accuracy)}, macro recall ${pct(rules.macroRecall)}\n`);

  const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
  const candidates: [string, Partial<TrainOptions>][] = [
    ["logreg words + char 4-grams", { charNgram: 4, charNgramMax: 4, signals: false }],
    ["logreg words + char 3-5-grams", { charNgram: 3, charNgramMax: 5, signals: false }],
    ["logreg words + char 4-grams + codes", { charNgram: 4, charNgramMax: 4, signals: true }],
    ["logreg words + char 3-5-grams + codes", { charNgram: 3, charNgramMax: 5, signals: true }],
    ["4-grams + codes, l2 = 3e-4", { charNgram: 4, charNgramMax: 4, signals: true, l2: 3e-4 }],
    ["4-grams + codes, l2 = 1e-3", { charNgram: 4, charNgramMax: 4, signals: true, l2: 1e-3 }],
    ["4-grams + codes, l2 = 3e-5", { charNgram: 4, charNgramMax: 4, signals: true, l2: 3e-5 }],
    ["3-5-grams + codes, l2 = 1e-3", { charNgram: 3, charNgramMax: 5, signals: true, l2: 1e-3 }],
    ["3-4-grams + codes", { charNgram: 3, charNgramMax: 4, signals: true }],
    ["4-grams + codes + word pairs", { charNgram: 4, charNgramMax: 4, signals: true, pairs: true }],
    ["4-grams + codes + CJK pairs", { charNgram: 4, charNgramMax: 4, signals: true, ideographPairs: true }],
    ["4-grams + codes + CJK pairs, unbalanced", { charNgram: 4, charNgramMax: 4, signals: true, ideographPairs: true, balanced: false }],
    ["naive bayes words + char 4-grams + codes", { algorithm: "naive-bayes", alpha: 0.1, charNgram: 4, charNgramMax: 4, signals: true }],
  ].filter(([name]) => !only || (name as string).includes(only)) as [string, Partial<TrainOptions>][];
  const thresholds = [0.15, 0.3];
  const policies: [string, ClassifierOptions][] = [["none", NO_OVERRIDE]];
  for (const p of [0.5, 0.7, 0.9])
    policies.push([`all≥${p}`, { weakText: p, networkStatus: p, replyCode: p, policyStatus: p, connectionText: p, placeholder: p }]);
  const columns = thresholds.flatMap((t) => policies.map(([name]) => `${t}|${name}`));
  console.log("candidate (accuracy at threshold|override)  " + columns.map((c) => c.padStart(12)).join("") + "   on what the rules leave");
  for (const [name, partial] of candidates) {
    const { got, reached } = crossValidate({ ...DEFAULT_OPTIONS, ...partial }, thresholds, policies);
    const accs = columns.map((c) => pct(score(got.get(c) ?? []).accuracy).padStart(12));
    console.log(`${name.padEnd(44)}${accs.join("")}   ${pct(reached.accuracy)} of ${reached.total}`);
  }
}

/** Cross-validated accuracy when the model may overturn weak rule decisions. */
function compareOverrides(): void {
  console.log("Overriding weak rule decisions (chosen training options, threshold " + DEFAULT_OPTIONS.threshold + "):");
  const policies: [string, ClassifierOptions][] = [["none", NO_OVERRIDE]];
  for (const p of [0.5, 0.6, 0.7, 0.8]) {
    const all = { weakText: p, networkStatus: p, replyCode: p, policyStatus: p, connectionText: p, placeholder: p };
    policies.push([`all five ≥ ${p}`, all]);
    for (const k of Object.keys(all) as (keyof ClassifierOptions)[]) policies.push([`  ≥ ${p} but not ${k}`, { ...all, [k]: Infinity }]);
  }
  // The shipped bar (0.7) with one review made easier: does one kind of weak decision want another bar?
  for (const p of [0.4, 0.5]) {
    for (const k of Object.keys(SHIPPED_OPTIONS) as (keyof ClassifierOptions)[]) {
      if (SHIPPED_OPTIONS[k] !== Infinity) policies.push([`shipped, ${k} ≥ ${p}`, { ...SHIPPED_OPTIONS, [k]: p }]);
    }
  }
  // The delivery-failed placeholder (`other`): how sure must the model be to read a reason in it?
  for (const p of [0.7, 0.8, 0.9, Infinity]) policies.push([`shipped, placeholder ≥ ${p}`, { ...SHIPPED_OPTIONS, placeholder: p }]);
  const { got } = crossValidate(DEFAULT_OPTIONS, [DEFAULT_OPTIONS.threshold], policies);
  for (const [name] of policies) {
    const s = score(got.get(`${DEFAULT_OPTIONS.threshold}|${name}`) ?? []);
    console.log(`  ${name.padEnd(32)} accuracy ${pct(s.accuracy)}  macro recall ${pct(s.macroRecall)}`);
  }
}

/**
 * The misses of 5-fold cross-validation with the shipped options: what the classifier gets wrong
 * on training replies it did not learn from (the fitted model's own misses hide these).
 */
function cvMisses(): void {
  const pairs = new Map<string, number>();
  const lines: string[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const held = train.filter((e) => fold(e) === k);
    const data = trainModel(trainingSamples(train.filter((e) => fold(e) !== k)), CATEGORY_CODES, DEFAULT_OPTIONS);
    const classify = makeClassifier(compileModel(data), SHIPPED_OPTIONS);
    for (const e of held) {
      const r = classify(asInput(e));
      if (r.category === e.category) continue;
      const pair = `${e.category} → ${r.category}`;
      pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      lines.push(`${e.where}\t${e.category} ← ${r.category} (${r.ruleId})\t${e.status ?? ""}\t${e.text.slice(0, 160)}`);
    }
  }
  console.log(`cross-validated misses in the training part: ${lines.length} of ${train.length}`);
  console.log(lines.sort().join("\n"));
  console.log("\nlargest confusions (expected → got)");
  for (const [pair, n] of [...pairs].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${String(n).padStart(6)}  ${pair}`);
}

function main(): void {
  const modes: Record<string, () => void> = { "--cv-misses": cvMisses, "--compare": compare, "--overrides": compareOverrides };
  const mode = Object.keys(modes).find((flag) => process.argv.includes(flag));
  if (mode) {
    modes[mode]();
    return;
  }
  const t0 = Date.now();
  const model = trainShippedModel(train);
  writeFileSync(MODEL_FILE, serialiseModel(model));
  console.log(
    `wrote ${path.relative(process.cwd(), MODEL_FILE)}: ${model.features.length} features, ${train.length} corpus replies + cases.ts, ${Date.now() - t0} ms`,
  );
}

main();
