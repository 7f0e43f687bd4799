import "server-only";
import { CATEGORIES } from "../categories";

/*
 * What remembered answers depend on and writes touch (lib/db/memo.ts), two topics per category: who
 * is in it, and the work on them. A tick changes the work on its category only: the category's
 * count, its corrected and disputed counts and the subscribers a shared step covers are kept, and
 * so is everything about other categories. Who is in a category changes with imports, corrections
 * and rollbacks, which are undescribed writes (every remembered answer starts afresh).
 */

/** Who is in a category. */
function membersTopic(code: string): string {
  return `members:${code}`;
}

/** The work on a category's subscribers: statuses, assignees, contact details, checklist ticks. */
export function workTopic(code: string): string {
  return `work:${code}`;
}

export const EVERY_CATEGORY: readonly string[] = CATEGORIES.flatMap((c) => [membersTopic(c.code), workTopic(c.code)]);

/** An answer about one category (no category: about all of them), and whether it reads the work on it too. */
export function topicsOf(category: string | undefined, readsWork: boolean): readonly string[] {
  if (!category) return EVERY_CATEGORY;
  return readsWork ? [membersTopic(category), workTopic(category)] : [membersTopic(category)];
}
