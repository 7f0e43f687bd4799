/**
 * The fields of a prepared bounce, in the order of its tuple (PreparedBounce). Everything that
 * depends on that order derives from this list: the tuple's type, how many values it has, which
 * ones are packed once per batch (lib/ingest/fast/packed-batch.ts), and the Bounce columns the
 * writer inserts. Adding a field is an edit here, then wherever the compiler points.
 */
interface Field<T> {
  readonly name: string;
  /** From a short list (category, rule…): packed once per batch instead of once per row. */
  readonly shared: boolean;
  /** The Bounce column it is stored in, in this order; null when it goes elsewhere (the Subscriber). */
  readonly column: string | null;
  /** Type only: the value's type. */
  readonly type?: T;
}

const field = <T>(name: string, options: { shared?: boolean; column?: string | null } = {}): Field<T> => ({
  name,
  shared: options.shared ?? false,
  column: options.column === undefined ? name : options.column,
});
const subscriberField = <T>(name: string) => field<T>(name, { column: null });

export const BOUNCE_FIELDS = [
  field<number>("line"),
  subscriberField<string>("email"),
  subscriberField<string>("domain"),
  subscriberField<string | null>("name"),
  subscriberField<string | null>("phone"),
  subscriberField<string | null>("company"),
  field<number>("occurredAt"),
  field<string>("category", { shared: true }),
  field<"team" | "export" | "rule">("categorySource", { shared: true }),
  field<string>("ruleId", { shared: true }),
  field<string>("ruleCategory", { shared: true }),
  field<string | null>("dsnStatus"),
  field<number | null>("replyCode"),
  field<string | null>("diagnostic"),
  field<string | null>("remoteMta"),
  /** The export's own category when a team correction overrides it, else null. */
  field<string | null>("exportCategory", { shared: true }),
] as const;

/**
 * One bounce ready to store, as a tuple (flat arrays of strings and numbers pack far faster than
 * objects). Its dedupe key travels as numbers, in the batch's `hashes`.
 */
export type PreparedBounce = ValuesOf<typeof BOUNCE_FIELDS>;
// Generic, so that TypeScript maps the tuple's elements only (and keeps it a tuple).
type ValuesOf<T extends readonly Field<unknown>[]> = { -readonly [K in keyof T]: T[K] extends Field<infer V> ? V : never };

/** Values in a PreparedBounce. */
export const BOUNCE_VALUES = BOUNCE_FIELDS.length;

/** Per tuple slot: packed once per batch. */
export const SHARED_SLOTS: readonly boolean[] = BOUNCE_FIELDS.map((f) => f.shared);

/** The Bounce columns a prepared bounce fills, in tuple order. */
export const STORED_COLUMNS: readonly string[] = BOUNCE_FIELDS.flatMap((f) => (f.column === null ? [] : [f.column]));
