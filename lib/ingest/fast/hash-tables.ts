import { ingestWithout } from "../../env";
import { fnv1a64Into } from "../pipeline/dedupe";

/**
 * A hash table from 32-bit hashes to small integers, in typed arrays: the addresses a big import has
 * seen (lib/ingest/pipeline/import-subscribers.ts), instead of the unique index it drops. A million entries
 * take 16 MB here and no garbage collection; as strings in a JS Map they took several times that.
 * Open addressing with linear probing, at most half full. Hashes are not unique (nor would 64 bits
 * make them so): `get` asks the caller which of the values under a hash is the right one.
 */
export class Hash32Map {
  private hashes: Int32Array;
  /** value + 1; 0 marks a free slot. */
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    const capacity = capacityFor(expected);
    this.hashes = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The value stored under this hash that `accept` agrees to (default: the first), else -1. */
  get(hash: number, accept?: (value: number) => boolean): number {
    for (let i = slotOf(0, hash, this.mask); this.values[i] !== 0; i = (i + 1) & this.mask) {
      if (this.hashes[i] === hash && (!accept || accept(this.values[i] - 1))) return this.values[i] - 1;
    }
    return -1;
  }

  /** Stores a value (0 ≤ value < 2^31 - 1) under the hash, beside any already there. */
  add(hash: number, value: number): void {
    let i = slotOf(0, hash, this.mask);
    while (this.values[i] !== 0) i = (i + 1) & this.mask;
    this.hashes[i] = hash;
    this.values[i] = value + 1;
    if (++this.size * 2 > this.mask + 1) this.grow();
  }

  /** Makes room for `expected` entries at once, instead of doubling (and leaving the old arrays as garbage) on the way. */
  reserve(expected: number): void {
    const capacity = capacityFor(expected);
    if (capacity > this.mask + 1) this.grow(capacity);
  }

  private grow(capacity = (this.mask + 1) * 2): void {
    const { hashes, values } = this;
    this.hashes = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let j = 0; j < values.length; j++) {
      if (values[j] === 0) continue;
      let i = slotOf(0, hashes[j], this.mask);
      while (this.values[i] !== 0) i = (i + 1) & this.mask;
      this.hashes[i] = hashes[j];
      this.values[i] = values[j];
    }
  }
}

/**
 * A set of 64-bit values (two 32-bit halves) in typed arrays: the stored dedupe keys while a big
 * import has dropped their unique index. No values: an empty slot is 0/0, and the value 0/0
 * itself is a flag. One probe tests and adds.
 */
export class Hash64Set {
  private hi: Int32Array;
  private lo: Int32Array;
  private mask: number;
  private hasZero = false;
  size = 0;

  constructor(expected = 1024) {
    const capacity = capacityFor(expected);
    this.hi = new Int32Array(capacity);
    this.lo = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Adds the value; false when it was already there. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      this.size++;
      return true;
    }
    let i = slotOf(hi, lo, this.mask);
    for (; this.hi[i] !== 0 || this.lo[i] !== 0; i = (i + 1) & this.mask) {
      if (this.hi[i] === hi && this.lo[i] === lo) return false;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    if (++this.size * 2 > this.mask + 1) this.grow();
    return true;
  }

  private grow(): void {
    const { hi, lo } = this;
    const capacity = (this.mask + 1) * 2;
    this.hi = new Int32Array(capacity);
    this.lo = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let j = 0; j < hi.length; j++) {
      if (hi[j] === 0 && lo[j] === 0) continue;
      let i = slotOf(hi[j], lo[j], this.mask);
      while (this.hi[i] !== 0 || this.lo[i] !== 0) i = (i + 1) & this.mask;
      this.hi[i] = hi[j];
      this.lo[i] = lo[j];
    }
  }
}

/** What the writer and the subscriber lookup use of Hash32Map and Hash64Set. */
export interface HashMap32 {
  size: number;
  get(hash: number, accept?: (value: number) => boolean): number;
  add(hash: number, value: number): void;
  reserve(expected: number): void;
}
export interface HashSet64 {
  size: number;
  add(hi: number, lo: number): boolean;
}

/** Benchmarks only (REBOUND_INGEST_WITHOUT=hash-tables): the same in a JavaScript Map. */
class JsHash32Map implements HashMap32 {
  private readonly map = new Map<number, number[]>();
  size = 0;
  get(hash: number, accept?: (value: number) => boolean): number {
    for (const v of this.map.get(hash) ?? []) if (!accept || accept(v)) return v;
    return -1;
  }
  add(hash: number, value: number): void {
    const values = this.map.get(hash);
    if (values) values.push(value);
    else this.map.set(hash, [value]);
    this.size++;
  }
  reserve(): void {}
}

/** Benchmarks only (REBOUND_INGEST_WITHOUT=hash-tables): the same in a JavaScript Set. */
class JsHash64Set implements HashSet64 {
  private readonly set = new Set<string>();
  get size(): number {
    return this.set.size;
  }
  add(hi: number, lo: number): boolean {
    const key = `${hi}:${lo}`;
    if (this.set.has(key)) return false;
    this.set.add(key);
    return true;
  }
}

export function newHash32Map(expected?: number): HashMap32 {
  return ingestWithout("hash-tables") ? new JsHash32Map() : new Hash32Map(expected);
}

export function newHash64Set(expected?: number): HashSet64 {
  return ingestWithout("hash-tables") ? new JsHash64Set() : new Hash64Set(expected);
}

/** A power of two, at least twice `expected`. */
function capacityFor(expected: number): number {
  let capacity = 1024;
  while (capacity < expected * 2) capacity *= 2;
  return capacity;
}

function slotOf(hi: number, lo: number, mask: number): number {
  return (Math.imul(lo ^ (hi >>> 7), 0x9e3779b1) >>> 0) & mask;
}

/** The two halves of a 64-bit hash, as `hashText` leaves them (no allocation per call). */
export const lastHash = { hi: 0, lo: 0 };

/** The 64-bit hash of a string into `lastHash` (the dedupe key's hash, lib/ingest/pipeline/dedupe.ts). */
export function hashText(text: string): void {
  fnv1a64Into(text, lastHash);
}
