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
 *  7. The learned fallback (model.ts): the category the model trained on the development corpus
 *     finds likely, else other.
 * The model also reads the replies steps 3–6 decided weakly (generic wording other than connection
 * wording, a bare network status, the x.7.x catch-all, the reply code alone) and overturns the
 * decision when it is at least 70% sure of another category (chosen by cross-validation inside
 * the training part; docs/classification.md).
 * The status comes from the status field; if that is missing or vague, from the diagnostic.
 */
import type { Classification, ClassifyInput } from "./types";
import type { CategoryCode } from "../categories";
import { buildMatcher, NO_MATCH, type Matcher } from "./matcher";
import { expandPattern } from "./expand";
import { STRONG_TEXT_RULES, WEAK_TEXT_RULES } from "./text-rules";
import { matchScriptRule, SCRIPT_RULES } from "./script-rules";
import * as codeRules from "./code-rules";
import * as codes from "./codes";
import { compileModel, type LearnedModel, type ModelData } from "./model";
import modelData from "./model.json";

export { parseStatus, parseReplyCode } from "./codes";
export type { Classification, ClassifyInput } from "./types";

export type RuleKind = "status-first" | "text" | "status" | "weak-text" | "status-late" | "reply-code" | "model" | "default";

export interface RuleInfo {
  id: string;
  /** null for the learned fallback, which may answer any category. */
  category: CategoryCode | null;
  /** Why replies matching this rule go to this category, in plain words. */
  description: string;
  /** A typical reply the rule decides. */
  example: string;
  kind: RuleKind;
}

// Local aliases: bundlers and tsx compile imported bindings to getters; this is the hot path.
const { DEFAULT_RULE, REPLY_RULES, STATUS_RULES, replyRuleFor, statusRuleFor } = codeRules;
const { replyCodeFromField, scanQuotedReplyCode, scanReplyCode, scanStatus } = codes;

const TEXT_RULES = [...STRONG_TEXT_RULES, ...WEAK_TEXT_RULES];
const WEAK_START = STRONG_TEXT_RULES.length;
/** Statuses that decide over a strong rule marked yieldsToStatus. */
/** Characters the script rules read (the phrase scan reads as many). */
const SCRIPT_SCAN_LIMIT = 600;
const ADDRESS_STATUSES = new Set<unknown>([STATUS_RULES.mailbox, STATUS_RULES.domain, STATUS_RULES.disabled, STATUS_RULES.full]);
/** The weak connection rules (TLS, no answer, connection failed), consecutive in WEAK_TEXT_RULES. */
const CONNECTION_START = TEXT_RULES.findIndex((r) => r.id === "connection-tls-failed");
const CONNECTION_END = TEXT_RULES.findIndex((r) => r.id === "connection-failed-text") + 1;
/** The delivery-failed placeholder rule (`other`), which yields even to the network status and the reply code. */
const PLACEHOLDER = TEXT_RULES.findIndex((r) => r.id === "other-delivery-failed");

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

/** The learned fallback, shipped as data (model.json, made by `npm run classify:train`). */
const SHIPPED_MODEL: LearnedModel = compileModel(modelData as ModelData);

const MODEL_RULE = {
  id: "model",
  category: null,
  description:
    "No rule recognised the reply, or only a generic one did; a model trained on the development corpus found this category likely, from the words (and codes) shown.",
  example: "550 Esta cuenta ha sido dada de baja por el administrador",
};

/** Every rule classify can return, in decision order. */
export const RULES: readonly RuleInfo[] = Object.freeze([
  { ...STATUS_RULES.expired, kind: "status-first" as const },
  ...STRONG_TEXT_RULES.map(({ id, category, description, example }) => ({ id, category, description, example, kind: "text" as const })),
  ...SCRIPT_RULES.filter((r) => r.weak !== true).map(({ id, category, description, example }) => ({
    id,
    category,
    description,
    example,
    kind: "text" as const,
  })),
  ...Object.values(STATUS_RULES)
    .filter((r) => r !== STATUS_RULES.expired && r !== STATUS_RULES.network)
    .map((r) => ({ ...r, kind: "status" as const })),
  ...WEAK_TEXT_RULES.map(({ id, category, description, example }) => ({ id, category, description, example, kind: "weak-text" as const })),
  ...SCRIPT_RULES.filter((r) => r.weak === true).map(({ id, category, description, example }) => ({
    id,
    category,
    description,
    example,
    kind: "weak-text" as const,
  })),
  { ...STATUS_RULES.network, kind: "status-late" as const },
  ...Object.values(REPLY_RULES).map((r) => ({ ...r, kind: "reply-code" as const })),
  { ...MODEL_RULE, kind: "model" as const },
  { ...DEFAULT_RULE, kind: "default" as const },
]);

/** Ids that bounces stored earlier may carry, under the rule's id today. */
const RENAMED_RULES: Readonly<Record<string, string>> = { "policy-auth-required": "relay-auth-required" };

/** The rule a stored bounce names, also under an id it had before a rename. */
export function findRule(id: string): RuleInfo | undefined {
  const current = RENAMED_RULES[id] ?? id;
  return RULES.find((r) => r.id === current);
}

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

// What decided, for the fallback: a firm rule (status first, strong text, a specific status), one
// the model may be allowed to overturn, or nothing.
const FIRM = 0;
const WEAK_TEXT = 1;
const NETWORK_STATUS = 2;
const REPLY_CODE = 3;
const POLICY_STATUS = 4;
const NOTHING = 5;
const CONNECTION_TEXT = 6;
const PLACEHOLDER_TEXT = 7;
/** What decided the last rulesDecide() call (a module variable: the hot path allocates nothing). */
let lastStrength = NOTHING;
/** The status the last rulesDecide() call read (packed, -1 for none), for the model. */
let lastStatus = -1;
/** The reply code the last rulesDecide() call read, when it came to that (-1 for none, UNREAD if not read). */
let lastCode = -1;
const UNREAD = -2;

/**
 * Which weak rule decisions the model may overturn: for each, the least probability the model
 * needs to do so (Infinity: never).
 */
export interface ClassifierOptions {
  /** Generic wording ("mailbox unavailable", "connection refused", a bare "blocked"). */
  weakText: number;
  /** x.4.0 and unregistered x.4.x statuses. */
  networkStatus: number;
  /** The reply code alone. */
  replyCode: number;
  /** The x.7.x catch-all (x.7.0, x.7.1…: receivers send it for spam, policy and more) with no telling words. */
  policyStatus: number;
  /** Connection wording (refused, timed out, TLS failed, no answer) with no specific status. */
  connectionText: number;
  /** A delivery-failed placeholder ("Delivery failed", "Unzustellbar") with nothing else: `other`. */
  placeholder: number;
}

export const NO_OVERRIDE: ClassifierOptions = {
  weakText: Infinity,
  networkStatus: Infinity,
  replyCode: Infinity,
  policyStatus: Infinity,
  connectionText: Infinity,
  placeholder: Infinity,
};

/**
 * A classifier with the given fallback model (null: rules only, `other` when they find nothing).
 * The app's `classify` is this with the shipped model; evaluation builds others.
 */
export function makeClassifier(model: LearnedModel | null, options: ClassifierOptions = NO_OVERRIDE): (input: ClassifyInput) => Classification {
  const OTHER = model ? model.classes.indexOf("other") : -1;
  const classes = model ? model.classes : [];
  const needed = [Infinity, options.weakText, options.networkStatus, options.replyCode, options.policyStatus, 0, options.connectionText, options.placeholder];
  return function classifyOne(input: ClassifyInput): Classification {
    try {
      const rule = rulesDecide(input);
      const atLeast = needed[lastStrength];
      if (model === null || atLeast === Infinity) return result(rule);
      const diagnostic = asText(input?.diagnostic);
      const text = diagnostic.length > 0 ? diagnostic : asText(input?.status);
      const code = lastCode !== UNREAD ? lastCode : pickReplyCode(input?.replyCode, diagnostic);
      const c = model.predict(text, lastStatus, code, atLeast);
      // Agreeing with a weak rule, the rule keeps the decision: it is the plainer reason.
      if (c < 0 || c === OTHER || classes[c] === rule.category) return result(rule);
      return { category: classes[c], ruleId: MODEL_RULE.id };
    } catch {
      return { category: DEFAULT_RULE.category, ruleId: DEFAULT_RULE.id };
    }
  };
}

/** Which weak rule decisions the shipped model may overturn, and how sure it must be (cross-validated: docs/classification.md). */
export const SHIPPED_OPTIONS: ClassifierOptions = {
  weakText: 0.7,
  networkStatus: 0.7,
  replyCode: 0.7,
  policyStatus: 0.7,
  connectionText: Infinity,
  placeholder: 0.7,
};

/** Classify one bounce. Never throws; garbage in gives `other`. */
export const classify: (input: ClassifyInput) => Classification = makeClassifier(SHIPPED_MODEL, SHIPPED_OPTIONS);

/** The rules alone, with no learned fallback (for measuring what the model adds). */
export const classifyByRules: (input: ClassifyInput) => Classification = makeClassifier(null);

/**
 * Why the learned fallback decided a bounce: the words that weighed most, e.g. ["inactive",
 * "account"]; null when the bounce is not decided by the model.
 */
export function explain(input: ClassifyInput): { category: CategoryCode; words: string[]; probability: number } | null {
  if (classify(input).ruleId !== MODEL_RULE.id) return null;
  const m = modelInput(input);
  const e = SHIPPED_MODEL.explain(m.text, m.status, m.code);
  return e.category === null ? null : { category: e.category, words: e.words, probability: e.probability };
}

/** The rule the rules choose (DEFAULT_RULE when none); sets lastStrength. */
function rulesDecide(input: ClassifyInput): { id: string; category: CategoryCode } {
  const diagnostic = asText(input?.diagnostic);
  const statusField = asText(input?.status);

  const status = pickStatus(statusField, diagnostic);
  lastStatus = status;
  lastCode = UNREAD;
  const statusRule = status >= 0 ? STATUS_BY_KEY[status % 1_000_000] : undefined;
  lastStrength = FIRM;
  if (statusRule === STATUS_RULES.expired) return statusRule;

  // With no diagnostic, the status field's own words ("5.2.2 (mailbox full)") are the text.
  // Weak text rules cannot beat a specific status, so then the scan need not look for them;
  // except x.4.1 and x.4.2, used for both failures to connect and silences after connecting,
  // where the connection wording decides.
  const connecting = statusRule === STATUS_RULES.noAnswer || statusRule === STATUS_RULES.badConnection;
  const limit = statusRule !== undefined && statusRule !== STATUS_RULES.network && !connecting ? WEAK_START : NO_MATCH;
  const m = matcher ?? getMatcher();
  const rank = m.scan(diagnostic.length > 0 ? diagnostic : statusField, limit);
  let weakScript = -1;
  if (rank >= WEAK_START && m.sawOtherScript()) {
    // Nothing specific in Latin script: verdict words in other scripts rank as specific wording;
    // connection, silence and expiry words in them rank as the Latin connection wording.
    const script = matchScriptRule(diagnostic.length > 0 ? diagnostic : statusField, SCRIPT_SCAN_LIMIT);
    if (script >= 0 && SCRIPT_RULES[script].weak !== true) return SCRIPT_RULES[script];
    if (script >= 0 && SCRIPT_RULES[script].category === "other") {
      if (rank === NO_MATCH) weakScript = script;
    } else if (rank === NO_MATCH || (rank >= CONNECTION_START && rank < CONNECTION_END)) weakScript = script;
  }
  if (rank < WEAK_START) {
    const rule = TEXT_RULES[rank];
    const addressStatus = statusRule !== undefined && ADDRESS_STATUSES.has(statusRule);
    if (rule.yieldsToStatus && addressStatus) return statusRule;
    if (rule.yieldsTo501 && !addressStatus && pickReplyCode(input?.replyCode, diagnostic) === 501) return REPLY_BY_CODE[501] ?? rule;
    return rule;
  }
  const placeholder = weakScript >= 0 && SCRIPT_RULES[weakScript].category === "other";
  if (connecting && weakScript >= 0 && !placeholder) return SCRIPT_RULES[weakScript];
  if (connecting && rank >= CONNECTION_START && rank < CONNECTION_END) return TEXT_RULES[rank];
  if (statusRule === STATUS_RULES.policy) lastStrength = POLICY_STATUS;
  if (statusRule !== undefined && statusRule !== STATUS_RULES.network) return statusRule;
  lastStrength = (weakScript >= 0 && !placeholder) || (rank >= CONNECTION_START && rank < CONNECTION_END) ? CONNECTION_TEXT : WEAK_TEXT;
  if (weakScript >= 0 && !placeholder) return SCRIPT_RULES[weakScript];
  if (rank !== NO_MATCH && rank !== PLACEHOLDER) return TEXT_RULES[rank];
  lastStrength = NETWORK_STATUS;
  if (statusRule !== undefined) return statusRule;

  const code = pickReplyCode(input?.replyCode, diagnostic);
  lastCode = code;
  const replyRule = code >= 0 ? REPLY_BY_CODE[code] : undefined;
  lastStrength = REPLY_CODE;
  if (replyRule !== undefined) return replyRule;
  // A delivery-failed placeholder is the weakest evidence of all: it says `other` unless the
  // model reads a reason elsewhere in the reply (a review, as for generic wording).
  lastStrength = PLACEHOLDER_TEXT;
  if (placeholder) return SCRIPT_RULES[weakScript];
  if (rank === PLACEHOLDER) return TEXT_RULES[rank];
  lastStrength = NOTHING;
  return DEFAULT_RULE;
}

/** The status a reply is read with: the field if it is specific, else one written in the diagnostic, else the field; -1 for none. */
function pickStatus(statusField: string, diagnostic: string): number {
  let status = statusField.length > 0 ? usableStatus(scanStatus(statusField)) : -1;
  if ((status < 0 || STATUS_BY_KEY[status % 1_000_000] === undefined) && diagnostic.length > 0) {
    const fromText = usableStatus(scanStatus(diagnostic));
    if (fromText >= 0 && (status < 0 || STATUS_BY_KEY[fromText % 1_000_000] !== undefined)) status = fromText;
  }
  return status;
}

/**
 * The reply code a reply is read with: the field, else the one the diagnostic starts with, else
 * one quoted after a wrapper ("host x said: 550 …", "Remote Server returned '550 …'"); -1 for none.
 */
function pickReplyCode(replyCode: unknown, diagnostic: string): number {
  let code = replyCodeFromField(replyCode);
  if (code < 0 && diagnostic.length > 0) code = scanReplyCode(diagnostic);
  return code < 0 && diagnostic.length > 0 ? scanQuotedReplyCode(diagnostic) : code;
}

/**
 * What the learned fallback reads of a reply: the text (the diagnostic, else the status field),
 * the status and the reply code as the rules read them. Training reads replies through this too.
 */
export function modelInput(input: ClassifyInput): { text: string; status: number; code: number } {
  const diagnostic = asText(input?.diagnostic);
  const statusField = asText(input?.status);
  return {
    text: diagnostic.length > 0 ? diagnostic : statusField,
    status: pickStatus(statusField, diagnostic),
    code: pickReplyCode(input?.replyCode, diagnostic),
  };
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
