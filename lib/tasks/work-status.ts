/**
 * How "open" and "in progress" follow the ticks, as SQL over a `Subscriber` row: in progress once a
 * step of its current checklist is ticked. Recovered and unrecoverable are a person's call.
 */

/** SQL condition: the Subscriber row has at least one ticked step in its current checklist. */
export const HAS_DONE_TICK = `EXISTS (
  SELECT 1 FROM TaskState t WHERE t.category = Subscriber.category AND t.done = 1 AND (
    (t.scope = 'subscriber' AND t.target = CAST(Subscriber.id AS TEXT)) OR
    (t.scope = 'domain' AND t.target = Subscriber.domain) OR
    (t.scope = 'import' AND t.target = Subscriber.lastImportId)))`;
