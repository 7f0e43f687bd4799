import { hashText, lastHash, newHash32Map } from "../fast/hash-tables";

/**
 * What one import learns about each subscriber it touches: the subscriber's id, and the count, first
 * and latest of its new bounces. A new subscriber's row is written at first sight (appended: ids
 * only grow); the rest of what the import learns is written once per subscriber at the end
 * (lib/ingest/pipeline/writer.ts), not per bounce. In a big export most addresses bounce several times, far
 * apart in the file: per-bounce updates rewrote a random page of the table for most rows, and every
 * batch's commit copied thousands of those pages into the WAL.
 *
 * Memory: roughly 45 bytes per address in typed arrays, and no address strings: a hash finds the slot
 * and `emailOf` (a read of the subscriber's row) confirms it, so two addresses that share a hash
 * are never merged.
 */
export interface SubscriberSummary {
  id: number;
  /** Present before this import: its row is merged with what the import found. */
  existing: boolean;
  bounces: number;
  first: number;
  last: number;
  /** Category and Rebound's own category of the latest bounce (the last in file order on a tie). */
  category: string;
  ruleCategory: string;
}

export class ImportSubscribers {
  private readonly byEmail = newHash32Map();
  /** The address `slotOf` last missed, and its hash: `add` nearly always follows with it. */
  private missed: string | null = null;
  private missedHash = 0;
  private size = 0;
  private capacity = 1024;
  /** Row ids: SQLite's can reach 2^63, but a subscriber table with 2^31 rows is far beyond this app. */
  private ids = new Int32Array(this.capacity);
  private existing = new Uint8Array(this.capacity);
  private counts = new Int32Array(this.capacity);
  private firsts = new Float64Array(this.capacity);
  private lasts = new Float64Array(this.capacity);
  /** Indexes into `codes`: the same few category strings for every subscriber. */
  private categories = new Uint8Array(this.capacity);
  private ruleCategories = new Uint8Array(this.capacity);
  private readonly codes: string[] = [];
  private readonly codeIndex = new Map<string, number>();

  /** @param emailOf the stored address of a subscriber id, to confirm a hash match. */
  constructor(private readonly emailOf: (id: number) => string | undefined) {}

  /**
   * The slot of an address this import has seen (or was told about), else -1. `hash`: the
   * address's, when the caller has it already (KeyHashes.email, lib/ingest/pipeline/dedupe.ts).
   */
  slotOf(email: string, hash = emailHash(email)): number {
    const slot = this.byEmail.get(hash, (slot) => this.emailOf(this.ids[slot]) === email);
    if (slot < 0) {
      this.missed = email;
      this.missedHash = hash;
    }
    return slot;
  }

  add(email: string, id: number, existing: boolean): number {
    if (id > 0x7fffffff) throw new Error(`Subscriber id ${id} is beyond what an import can track`);
    const slot = this.size++;
    if (slot === this.capacity) this.grow();
    this.byEmail.add(email === this.missed ? this.missedHash : emailHash(email), slot);
    this.ids[slot] = id;
    this.existing[slot] = existing ? 1 : 0;
    this.firsts[slot] = Infinity;
    this.lasts[slot] = -Infinity;
    return slot;
  }

  idOf(slot: number): number {
    return this.ids[slot];
  }

  /** One new (not duplicate) bounce of the subscriber in `slot`. */
  record(slot: number, at: number, category: string, ruleCategory: string): void {
    this.counts[slot]++;
    if (at < this.firsts[slot]) this.firsts[slot] = at;
    if (at >= this.lasts[slot]) {
      this.lasts[slot] = at;
      this.categories[slot] = this.code(category);
      this.ruleCategories[slot] = this.code(ruleCategory);
    }
  }

  /**
   * Subscribers whose row does not yet say what this import found: known ones with new bounces, and
   * new ones with more than the first bounce their row was written with. In slot order, so new
   * subscribers come in id order (their rows in table order).
   */
  *unwritten(): Generator<SubscriberSummary> {
    for (let slot = 0; slot < this.size; slot++) {
      const existing = this.existing[slot] === 1;
      if (this.counts[slot] === 0 || (!existing && this.counts[slot] === 1)) continue;
      yield {
        id: this.ids[slot],
        existing,
        bounces: this.counts[slot],
        first: this.firsts[slot],
        last: this.lasts[slot],
        category: this.codes[this.categories[slot]],
        ruleCategory: this.codes[this.ruleCategories[slot]],
      };
    }
  }

  private code(s: string): number {
    let i = this.codeIndex.get(s);
    if (i === undefined) {
      // Categories are the catalogue's 16 codes; a byte leaves room for far more.
      if (this.codes.length === 256) throw new Error("More than 256 distinct categories in one import");
      i = this.codes.push(s) - 1;
      this.codeIndex.set(s, i);
    }
    return i;
  }

  /** Makes room for `expected` subscribers at once (see Hash32Map.reserve). */
  reserve(expected: number): void {
    this.byEmail.reserve(expected);
    if (expected > this.capacity) this.grow(expected);
  }

  private grow(capacity = this.capacity * 2): void {
    this.capacity = capacity;
    const grown = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(this.capacity);
      b.set(a);
      return b;
    };
    this.ids = grown(this.ids);
    this.existing = grown(this.existing);
    this.counts = grown(this.counts);
    this.firsts = grown(this.firsts);
    this.lasts = grown(this.lasts);
    this.categories = grown(this.categories);
    this.ruleCategories = grown(this.ruleCategories);
  }
}

function emailHash(email: string): number {
  hashText(email);
  return lastHash.lo;
}
