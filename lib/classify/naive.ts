/**
 * The baseline the benchmark compares against: the textbook implementation of the same rules,
 * an ordered list of regular expressions (one per rule, built from the same phrases and codes),
 * each tested in turn against "status replyCode diagnostic" until one matches. This is how
 * PowerMTA's bounce-category-patterns and most bounce parsers work. Not used by the app.
 */
import type { Classification, ClassifyInput } from "./types";
import type { CategoryCode } from "../categories";
import { RULES } from "./index";
import { STRONG_TEXT_RULES, WEAK_TEXT_RULES } from "./text-rules";
import { REPLY_RULES, STATUS_RULES, replyRuleFor, statusRuleFor } from "./code-rules";

interface NaiveRule {
  id: string;
  category: CategoryCode;
  re: RegExp | null; // null = always matches (the default rule)
}

/**
 * A phrase pattern written as the regex a person would write: "(user|mailbox) (is |)unknown" →
 * /user|mailbox[^a-z0-9]+(?:is[^a-z0-9]+|)unknown/ (groups kept compact, not expanded).
 */
function patternRe(pattern: string): string {
  let out = "";
  for (const ch of pattern.toLowerCase()) {
    if (ch === "(") out += "(?:";
    else if (ch === "|" || ch === ")") out += ch;
    else if (ch === " " || ch === "'" || ch === "-") out += "[^a-z0-9]+";
    else out += ch.replace(/[.*+?^${}[\]\\]/g, "\\$&");
  }
  return out;
}

function textRegex(phrases: string[], near: { first: string[]; then: string[] }[]): RegExp {
  const alts = phrases.map(patternRe);
  for (const n of near) {
    alts.push(`(?:${n.first.map(patternRe).join("|")})\\b.{0,80}?\\b(?:${n.then.map(patternRe).join("|")})`);
  }
  return new RegExp(`\\b(?:${alts.join("|")})\\b`, "i");
}

function statusRegex(id: string): RegExp {
  const parts: string[] = [];
  for (let subject = 0; subject <= 7; subject++) {
    const details: number[] = [];
    for (let d = 0; d <= 999; d++) {
      const key = statusRuleFor(subject, d);
      if (key && STATUS_RULES[key].id === id) details.push(d);
    }
    if (details.length === 0) continue;
    parts.push(`${subject}\\.${details.length > 500 ? "\\d{1,3}" : `(?:${details.join("|")})`}`);
  }
  return new RegExp(`(?<![\\d.])[45]\\.(?:${parts.join("|")})(?![\\d.])`);
}

function replyRegex(id: string): RegExp {
  const codes: number[] = [];
  for (let c = 200; c <= 599; c++) {
    const key = replyRuleFor(c);
    if (key && REPLY_RULES[key].id === id) codes.push(c);
  }
  return new RegExp(`(?:^|[\\s;])(?:${codes.join("|")})(?![\\d.])`);
}

const TEXT_BY_ID = new Map([...STRONG_TEXT_RULES, ...WEAK_TEXT_RULES].map((r) => [r.id, r]));

// The learned fallback has no regex equivalent: the baseline ends in `other`, as the rules did.
export const NAIVE_RULES: NaiveRule[] = RULES.flatMap((rule) => {
  if (rule.category === null) return [];
  const text = TEXT_BY_ID.get(rule.id);
  let re: RegExp | null = null;
  if (text) re = textRegex(text.phrases, text.near ?? []);
  else if (rule.kind.startsWith("status")) re = statusRegex(rule.id);
  else if (rule.kind === "reply-code") re = replyRegex(rule.id);
  return [{ id: rule.id, category: rule.category, re }];
});

export function naiveClassify(input: ClassifyInput): Classification {
  const s = `${input.status ?? ""} ${input.replyCode ?? ""} ${input.diagnostic ?? ""}`;
  for (const rule of NAIVE_RULES) {
    if (rule.re === null || rule.re.test(s)) return { category: rule.category, ruleId: rule.id };
  }
  return { category: "other", ruleId: "default-other" };
}
