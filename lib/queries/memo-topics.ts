import "server-only";
import { CATEGORIES } from "../categories";

/**
 * What remembered answers depend on and writes touch (lib/db/memo.ts): one topic per category, for
 * its subscribers, their statuses and its checklist's ticks. A tick on one category keeps the answers
 * about the others.
 */
export function categoryTopic(code: string): string {
  return `category:${code}`;
}

export const EVERY_CATEGORY: readonly string[] = CATEGORIES.map((c) => categoryTopic(c.code));

/** An answer about one category, or (no category) about all of them. */
export function topicsOf(category: string | undefined): readonly string[] {
  return category ? [categoryTopic(category)] : EVERY_CATEGORY;
}
