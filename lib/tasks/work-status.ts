/**
 * How "open" and "in progress" follow the ticks, as SQL: in progress once a step of the subscriber's
 * current checklist is ticked. Recovered and unrecoverable are a person's call.
 */

/** SQL condition: a subscriber, given by these column expressions, has a ticked step in that category's checklist. */
export function doneTickSql(s: { id: string; category: string; domain: string; lastImportId: string }): string {
  return `EXISTS (
  SELECT 1 FROM TaskState t WHERE t.category = ${s.category} AND t.done = 1 AND (
    (t.scope = 'subscriber' AND t.target = CAST(${s.id} AS TEXT)) OR
    (t.scope = 'domain' AND t.target = ${s.domain}) OR
    (t.scope = 'import' AND t.target = ${s.lastImportId})))`;
}

/** SQL condition: the Subscriber row has at least one ticked step in its current checklist. */
export const HAS_DONE_TICK = doneTickSql({
  id: "Subscriber.id",
  category: "Subscriber.category",
  domain: "Subscriber.domain",
  lastImportId: "Subscriber.lastImportId",
});
