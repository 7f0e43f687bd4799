/**
 * Accuracy figures for the classifier against labelled replies: accuracy, recall and precision
 * per category, the confusion matrix and its largest off-diagonal cells. Used by
 * `npm run classify:eval` and by the training script's cross-validation.
 */
import { CATEGORY_CODES, type CategoryCode } from "../categories";

export interface CategoryFigures {
  category: CategoryCode;
  /** Replies labelled with this category. */
  support: number;
  /** Replies classified as this category. */
  predicted: number;
  correct: number;
  /** correct / support (NaN when there are none). */
  recall: number;
  /** correct / predicted (NaN when none were predicted). */
  precision: number;
}

export interface Scores {
  total: number;
  correct: number;
  accuracy: number;
  /** Mean recall over the categories that have replies. */
  macroRecall: number;
  categories: CategoryFigures[];
  /** confusion[expected][got], both indexed as CATEGORY_CODES. */
  confusion: number[][];
  /** Off-diagonal cells, largest first. */
  pairs: { expected: CategoryCode; got: CategoryCode; count: number }[];
}

export function score(results: readonly { expected: CategoryCode; got: CategoryCode }[]): Scores {
  const K = CATEGORY_CODES.length;
  const at = new Map(CATEGORY_CODES.map((c, i) => [c, i]));
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (const r of results) confusion[at.get(r.expected) as number][at.get(r.got) as number]++;
  const categories = CATEGORY_CODES.map((category, i) => {
    const support = confusion[i].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[i], 0);
    const correct = confusion[i][i];
    return { category, support, predicted, correct, recall: correct / support, precision: correct / predicted };
  });
  const correct = categories.reduce((a, c) => a + c.correct, 0);
  const withSupport = categories.filter((c) => c.support > 0);
  const pairs: Scores["pairs"] = [];
  for (const [i, row] of confusion.entries()) {
    for (const [j, count] of row.entries()) {
      if (i !== j && count > 0) pairs.push({ expected: CATEGORY_CODES[i], got: CATEGORY_CODES[j], count });
    }
  }
  pairs.sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected) || a.got.localeCompare(b.got));
  return {
    total: results.length,
    correct,
    accuracy: results.length > 0 ? correct / results.length : NaN,
    macroRecall: withSupport.reduce((a, c) => a + c.recall, 0) / withSupport.length,
    categories,
    confusion,
    pairs,
  };
}

/** "93.4%" (or "—" when undefined). */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : "—";
}
