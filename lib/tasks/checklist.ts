/**
 * Which checklist tasks a subscriber has, and how a task is named in URLs and the API.
 *
 * Tasks are derived, not stored: a subscriber in category C has one task per step of C, and the
 * step's scope says whose task it is. A domain task is shared by every subscriber of that domain in
 * C; an import task by every subscriber whose latest bounce came from that import, in C.
 */
import { getCategory, STEPS, type CategoryCode, type StepId, type StepScope } from "../categories";

export interface TaskRef {
  scope: StepScope;
  /** subscriber id | recipient domain | import id */
  target: string;
  category: CategoryCode;
  step: StepId;
}

export interface SubscriberTaskContext {
  id: number;
  domain: string;
  category: string;
  lastImportId: string;
}

export function tasksForSubscriber(s: SubscriberTaskContext): TaskRef[] {
  const category = getCategory(s.category);
  if (!category) return [];
  return category.steps.map((step) => ({
    scope: STEPS[step].scope,
    target: targetFor(STEPS[step].scope, s),
    category: category.code,
    step,
  }));
}

function targetFor(scope: StepScope, s: SubscriberTaskContext): string {
  if (scope === "subscriber") return String(s.id);
  if (scope === "domain") return s.domain;
  return s.lastImportId;
}

const SEP = "~";

/** A task id is readable and self-describing: `domain~acme.com~bad-mailbox~contact-recipient-admin`. */
export function encodeTaskId(t: TaskRef): string {
  return [t.scope, t.target, t.category, t.step].join(SEP);
}

export function decodeTaskId(id: string): TaskRef | null {
  const parts = id.split(SEP);
  if (parts.length !== 4) return null;
  const [scope, target, category, step] = parts;
  const cat = getCategory(category);
  if (!cat?.steps.includes(step as StepId)) return null;
  if (STEPS[step as StepId].scope !== scope || !target) return null;
  if (scope === "subscriber" && !/^\d+$/.test(target)) return null;
  return { scope: scope as StepScope, target, category: cat.code, step: step as StepId };
}
