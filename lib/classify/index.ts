/**
 * Bounce classifier: a pure, deterministic function from (status, reply code, diagnostic) to one
 * of the 16 categories plus the id of the rule that decided (stored with the bounce and shown as
 * "classified by rule X because …"). docs/classification.md explains every rule.
 *
 * Order of decision:
 *  1. Status x.4.7 (delivery time expired) → message-expired, whatever the last error was.
 *  2. Strong text rules (text-rules.ts, first match in list order): specific wording beats a
 *     vague or generic status ("550 5.7.1 … Spamhaus" is spam; "5.0.0 … user unknown" is bad-mailbox).
 *  3. The enhanced status code when it is specific (x.1.1, x.2.2, x.7.1…).
 *  4. Weak text rules: generic wording ("mailbox unavailable", "connection refused", "blocked").
 *  5. Late status rules: x.4.0 / unregistered x.4.x network statuses.
 *  6. The SMTP reply code (421, 452/552, 5xx command errors…).
 *  7. other.
 * The status comes from the status field; if that is missing or vague, from the diagnostic.
 */
import type { Classification, ClassifyInput } from "./types";
import type { CategoryCode } from "../categories";
import { buildMatcher, NO_MATCH, type Matcher } from "./matcher";
import { expandPattern } from "./expand";
import { STRONG_TEXT_RULES, WEAK_TEXT_RULES } from "./text-rules";
import * as codeRules from "./code-rules";
import * as codes from "./codes";

export { parseStatus, parseReplyCode } from "./codes";
export type { Classification, ClassifyInput } from "./types";

export type RuleKind = "status-first" | "text" | "status" | "weak-text" | "status-late" | "reply-code" | "default";

export interface RuleInfo {
  id: string;
  category: CategoryCode;
  /** Why replies matching this rule go to this category, in plain words. */
  description: string;
  /** A typical reply the rule decides. */
  example: string;
  kind: RuleKind;
}

// Local aliases: bundlers and tsx compile imported bindings to getters; this is the hot path.
const { DEFAULT_RULE, REPLY_RULES, STATUS_RULES, replyRuleFor, statusRuleFor } = codeRules;
const { replyCodeFromField, scanReplyCode, scanStatus } = codes;

const TEXT_RULES = [...STRONG_TEXT_RULES, ...WEAK_TEXT_RULES];
const WEAK_START = STRONG_TEXT_RULES.length;

/**
 * Built on first use (~0.15 s: 6,600 phrases), so code that only needs RULES (docs, the UI)
 * does not pay for it.
 */
let matcher: Matcher | null = null;
function getMatcher(): Matcher {
  matcher ??= buildMatcher(
    TEXT_RULES.map((r, rank) => ({
      rank,
      phrases: r.phrases.flatMap(expandPattern),
      near: (r.near ?? []).map((n) => ({
        first: n.first.flatMap(expandPattern),
        then: n.then.flatMap(expandPattern),
        within: n.within,
      })),
    })),
  );
  return matcher;
}

/** Every rule classify can return, in decision order. */
export const RULES: readonly RuleInfo[] = Object.freeze([
  { ...STATUS_RULES.expired, kind: "status-first" as const },
  ...STRONG_TEXT_RULES.map(({ id, category, description, example }) => ({ id, category, description, example, kind: "text" as const })),
  ...Object.values(STATUS_RULES)
    .filter((r) => r !== STATUS_RULES.expired && r !== STATUS_RULES.network)
    .map((r) => ({ ...r, kind: "status" as const })),
  ...WEAK_TEXT_RULES.map(({ id, category, description, example }) => ({ id, category, description, example, kind: "weak-text" as const })),
  { ...STATUS_RULES.network, kind: "status-late" as const },
  ...Object.values(REPLY_RULES).map((r) => ({ ...r, kind: "reply-code" as const })),
  { ...DEFAULT_RULE, kind: "default" as const },
]);

// Dense lookup tables (pre-filled, so V8 keeps them as fast arrays rather than sparse
// dictionaries) so the hot path does no string work for codes.
type StatusRule = (typeof STATUS_RULES)[keyof typeof STATUS_RULES];
type ReplyRule = (typeof REPLY_RULES)[keyof typeof REPLY_RULES];
const STATUS_BY_KEY: (StatusRule | undefined)[] = new Array<StatusRule | undefined>(8000).fill(undefined);
for (let subject = 0; subject <= 7; subject++) {
  for (let detail = 0; detail <= 999; detail++) {
    const key = statusRuleFor(subject, detail);
    if (key) STATUS_BY_KEY[subject * 1000 + detail] = STATUS_RULES[key];
  }
}
const REPLY_BY_CODE: (ReplyRule | undefined)[] = new Array<ReplyRule | undefined>(600).fill(undefined);
for (let code = 200; code <= 599; code++) {
  const key = replyRuleFor(code);
  if (key) REPLY_BY_CODE[code] = REPLY_RULES[key];
}

/** Classify one bounce. Never throws; garbage in gives `other`. */
export function classify(input: ClassifyInput): Classification {
  try {
    return decide(input);
  } catch {
    return { category: DEFAULT_RULE.category, ruleId: DEFAULT_RULE.id };
  }
}

function decide(input: ClassifyInput): Classification {
  const diagnostic = asText(input?.diagnostic);
  const statusField = asText(input?.status);

  // Status: the field if it is specific, else one written in the diagnostic, else the field.
  let status = statusField.length > 0 ? usableStatus(scanStatus(statusField)) : -1;
  if ((status < 0 || STATUS_BY_KEY[status % 1_000_000] === undefined) && diagnostic.length > 0) {
    const fromText = usableStatus(scanStatus(diagnostic));
    if (fromText >= 0 && (status < 0 || STATUS_BY_KEY[fromText % 1_000_000] !== undefined)) status = fromText;
  }
  const statusRule = status >= 0 ? STATUS_BY_KEY[status % 1_000_000] : undefined;
  if (statusRule === STATUS_RULES.expired) return result(statusRule);

  // With no diagnostic, the status field's own words ("5.2.2 (mailbox full)") are the text.
  // Weak text rules cannot beat a specific status, so then the scan need not look for them.
  const limit = statusRule !== undefined && statusRule !== STATUS_RULES.network ? WEAK_START : NO_MATCH;
  const rank = (matcher ?? getMatcher()).scan(diagnostic.length > 0 ? diagnostic : statusField, limit);
  if (rank < WEAK_START) return result(TEXT_RULES[rank]);
  if (statusRule !== undefined && statusRule !== STATUS_RULES.network) return result(statusRule);
  if (rank !== NO_MATCH) return result(TEXT_RULES[rank]);
  if (statusRule !== undefined) return result(statusRule);

  let code = replyCodeFromField(input?.replyCode);
  if (code < 0 && diagnostic.length > 0) code = scanReplyCode(diagnostic);
  const replyRule = code >= 0 ? REPLY_BY_CODE[code] : undefined;
  if (replyRule !== undefined) return result(replyRule);
  return result(DEFAULT_RULE);
}

/** Class 2 (success) statuses say nothing about why a message bounced. */
function usableStatus(packed: number): number {
  return packed >= 4_000_000 ? packed : -1;
}

function result(rule: { id: string; category: CategoryCode }): Classification {
  return { category: rule.category, ruleId: rule.id };
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  return "";
}
