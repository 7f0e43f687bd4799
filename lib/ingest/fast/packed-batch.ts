/**
 * A PreparedBatch in the form that crosses from the preparing worker thread to the writer's cheaply.
 *
 * Posted as they are, batches are structured-cloned value by value: the worker serialises 150,000
 * values per 10,000 rows, and the writer's thread allocates them again one by one and later collects
 * them. Packed, the characters of all the batch's strings travel in one typed array and everything
 * else in typed arrays too, each copied in one go; the writer's thread turns the characters into one
 * string and makes each row's tuple from slices of it when it reads the row. The builder copies each
 * value as soon as its row is prepared, so the worker keeps no tuples alive (it also did not pay for
 * Array#join, which took ~170 ns per string).
 */
import type { KeyHashes } from "../pipeline/dedupe";
import { SHARED_SLOTS } from "../pipeline/bounce-fields";
import {
  BatchBuilder,
  BOUNCE_VALUES,
  HASHES_PER_BOUNCE,
  pushHashes,
  type MailExtras,
  type PreparedBatch,
  type PreparedBounce,
  type PreparedComplaint,
  type PreparedMail,
  type PreparedReject,
} from "../pipeline/prepare";

/** Bounce emails' MailExtras travel as they are (a few plain objects per batch, none for CSV). */
export interface PackedBatch extends MailExtras {
  rows: number;
  skipped: number;
  skipReasons: Record<string, number>;
  undated: number;
  bytesRead: number;
  rejects: PreparedReject[];
  /** The UTF-16 code units of the bounces' strings, end to end; one byte each when none is above 255. */
  chars: Uint8Array | Uint16Array;
  /** Where each string ends in `chars`; each starts where the previous one ends. */
  ends: Int32Array;
  /** SLOTS entries per bounce, one per tuple value: see ref(). */
  refs: Int32Array;
  numbers: Float64Array;
  /** As PreparedBatch's. */
  hashes: Int32Array;
  /** Values of any other type, which the tuple type does not allow: posted as they are. */
  others: unknown[];
}

const SLOTS = BOUNCE_VALUES;
// A ref is a string's index (>= 0), NULL_REF, a number's (NUMBER_REF - index), or an other's (OTHER_REF - index).
const NULL_REF = -1;
const NUMBER_REF = -2;
const OTHER_REF = -0x40000000;

/**
 * The memory of a packed batch, for the next batches once this one is posted (postMessage copies it).
 * Not transferred: detaching an ArrayBuffer, even once, makes V8 check every later typed array
 * access in that thread for detached memory (its "array buffer detaching protector" is gone); the
 * classifier, the packing and, on the writer's side, the import's hash tables all run on typed
 * arrays, and a run took a third longer. Copying ~3 MB per batch costs about a millisecond.
 */
export function packedBuffers(p: PackedBatch): ArrayBuffer[] {
  return [p.chars.buffer, p.ends.buffer, p.refs.buffer, p.numbers.buffer, p.hashes.buffer] as ArrayBuffer[];
}

// What each buffer holds, in the order of packedBuffers.
const CHARS = 0;
const ENDS = 1;
const REFS = 2;
const NUMBERS = 3;
const HASHES = 4;

/**
 * The buffers of batches already posted: each batch reuses them instead of allocating ~3 MB, memory
 * that V8 counts against the worker's heap and that made it collect more often.
 */
export class PackedBufferPool {
  private readonly free: ArrayBuffer[][] = [[], [], [], [], []];

  /** A buffer of at least `bytes` for this use: one given back if it is big enough. */
  take(use: number, bytes: number): ArrayBuffer {
    const spare = this.free[use].pop();
    return spare !== undefined && spare.byteLength >= bytes ? spare : new ArrayBuffer(bytes);
  }

  /** The buffers of a batch no longer needed, in the order of packedBuffers. */
  give(buffers: ArrayBuffer[]): void {
    for (let use = 0; use < this.free.length && use < buffers.length; use++) this.free[use].push(buffers[use]);
  }
}

export class PackedBatchBuilder extends BatchBuilder<PackedBatch> {
  private count = 0;
  private refs: Int32Array;
  private bytes: Uint8Array;
  /** Replaces `bytes` once a string has a code unit above 255. */
  private wide: Uint16Array | null = null;
  private length = 0;
  private ends: Int32Array;
  private strings = 0;
  private numbers: Float64Array;
  private numberCount = 0;
  private hashes: Int32Array;
  private readonly others: unknown[] = [];
  private readonly shared = new Map<string, number>();
  /** `bytes` as a Buffer, for its native write. */
  private view: Buffer | null = null;

  /** `rows`: the batch size, to start with buffers of about the right size (they grow if need be). */
  constructor(pool = new PackedBufferPool(), rows = 10_000) {
    super();
    const n = Math.min(Math.max(rows, 1), 10_000);
    this.refs = new Int32Array(pool.take(REFS, n * SLOTS * 4));
    this.bytes = new Uint8Array(pool.take(CHARS, n * 256));
    this.ends = new Int32Array(pool.take(ENDS, n * 8 * 4));
    this.numbers = new Float64Array(pool.take(NUMBERS, n * 4 * 8));
    this.hashes = new Int32Array(pool.take(HASHES, n * HASHES_PER_BOUNCE * 4));
  }

  bounce(b: PreparedBounce, hashes: KeyHashes): void {
    this.rows++;
    this.hashes = pushHashes(this.hashes, this.count, hashes);
    const base = this.count++ * SLOTS;
    if (base + SLOTS > this.refs.length) this.refs = grow(this.refs, base + SLOTS);
    if (this.wide === null && this.packAsciiRow(b, base)) return;
    for (let s = 0; s < SLOTS; s++) this.refs[base + s] = this.ref(b[s], SHARED_SLOTS[s]);
  }

  /**
   * The row's own strings copied in one native call, when all of them are ASCII (nearly always).
   * Copied a character at a time, ~4.5 ns each from slices of the file's text, they took ~12 % of
   * the preparing thread (perf); packing went from 10.9k to 7.8k instructions a row (callgrind,
   * lib/ingest/bench/pack-only.ts). false, having written nothing, when a string is not ASCII.
   */
  private packAsciiRow(b: PreparedBounce, base: number): boolean {
    let text = "";
    for (let s = 0; s < SLOTS; s++) {
      const v = b[s];
      if (typeof v === "string" && !SHARED_SLOTS[s]) text += v;
    }
    // One byte per character in UTF-8 exactly when every character is ASCII (flattens `text` too).
    if (Buffer.byteLength(text, "utf8") !== text.length) return false;
    // Shared strings and other values first: a shared string seen for the first time is appended.
    for (let s = 0; s < SLOTS; s++) {
      const v = b[s];
      if (typeof v !== "string" || SHARED_SLOTS[s]) this.refs[base + s] = this.ref(v, SHARED_SLOTS[s]);
    }
    if (this.wide !== null) {
      // That shared string had a character above U+00FF: the batch is two bytes a character now.
      for (let s = 0; s < SLOTS; s++) {
        const v = b[s];
        if (typeof v === "string" && !SHARED_SLOTS[s]) this.refs[base + s] = this.addString(v);
      }
      return true;
    }
    let at = this.length;
    if (at + text.length > this.bytes.length) this.bytes = grow(this.bytes, at + text.length);
    if (this.view === null || this.view.buffer !== this.bytes.buffer) this.view = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    if (text.length > 0) this.view.write(text, at, "latin1");
    for (let s = 0; s < SLOTS; s++) {
      const v = b[s];
      if (typeof v !== "string" || SHARED_SLOTS[s]) continue;
      at += v.length;
      if (this.strings === this.ends.length) this.ends = grow(this.ends, this.strings + 1);
      this.ends[this.strings] = at;
      this.refs[base + s] = this.strings++;
    }
    this.length = at;
    return true;
  }

  finish(bytesRead: number): PackedBatch {
    return {
      rows: this.rows,
      skipped: this.skipped,
      skipReasons: this.skipReasons,
      undated: this.undated,
      bytesRead,
      rejects: this.rejects,
      chars: this.wide ? this.wide.subarray(0, this.length) : this.bytes.subarray(0, this.length),
      ends: this.ends.subarray(0, this.strings),
      refs: this.refs.subarray(0, this.count * SLOTS),
      numbers: this.numbers.subarray(0, this.numberCount),
      hashes: this.hashes.subarray(0, this.count * HASHES_PER_BOUNCE),
      others: this.others,
      ...this.extras(),
    };
  }

  private ref(v: unknown, shared: boolean): number {
    if (typeof v === "string") {
      if (!shared) return this.addString(v);
      let ref = this.shared.get(v);
      if (ref === undefined) {
        ref = this.addString(v);
        this.shared.set(v, ref);
      }
      return ref;
    }
    if (v === null) return NULL_REF;
    if (typeof v === "number") {
      if (this.numberCount === this.numbers.length) this.numbers = grow(this.numbers, this.numberCount + 1);
      this.numbers[this.numberCount] = v;
      return NUMBER_REF - this.numberCount++;
    }
    this.others.push(v);
    return OTHER_REF - (this.others.length - 1);
  }

  private addString(v: string): number {
    const start = this.length;
    const end = start + v.length;
    let i = 0;
    if (this.wide === null) {
      if (end > this.bytes.length) this.bytes = grow(this.bytes, end);
      const bytes = this.bytes;
      for (; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c > 0xff) break;
        bytes[start + i] = c;
      }
      if (i < v.length) this.widen(start + i);
    }
    if (this.wide !== null) {
      if (end > this.wide.length) this.wide = grow(this.wide, end);
      const wide = this.wide;
      for (; i < v.length; i++) wide[start + i] = v.charCodeAt(i);
    }
    this.length = end;
    if (this.strings === this.ends.length) this.ends = grow(this.ends, this.strings + 1);
    this.ends[this.strings] = end;
    return this.strings++;
  }

  /** Moves the first `used` code units to a two-byte buffer. */
  private widen(used: number): void {
    const wide = new Uint16Array(Math.max(this.bytes.length, 1024));
    wide.set(this.bytes.subarray(0, used));
    this.wide = wide;
  }
}

function grow<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T, min: number): T {
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(min, a.length * 2));
  bigger.set(a);
  return bigger;
}

/**
 * The batch the builder was given: the same tuples, values and order. Each bounce's values are made
 * when it is read, not all at once: unpacked whole, a batch's 10,000 tuples and ~80,000 strings
 * lived until it was written, so every young-generation collection during that time copied them,
 * and promoted them, into old space. Import thread, 1,000,000 rows (--trace-gc,
 * lib/ingest/bench/ingest-phases.ts --runner-thread): collector pauses 0.82 s (78 scavenges, 50 full
 * collections) -> 0.29 s (57, 37); write loop 7.48/7.89 s -> 6.18/6.44 s (interleaved runs, with
 * the writer no longer hashing addresses and dedupe keys itself: lib/ingest/pipeline/dedupe.ts).
 */
export function unpackBatch(p: PackedBatch): PreparedBatch {
  return new PackedBatchReader(p);
}

class PackedBatchReader implements PreparedBatch {
  readonly rows: number;
  readonly skipped: number;
  readonly skipReasons: Record<string, number>;
  readonly undated: number;
  readonly bytesRead: number;
  readonly rejects: PreparedReject[];
  readonly hashes: Int32Array;
  readonly bounceCount: number;
  readonly mails: PreparedMail[] | undefined;
  readonly complaints: PreparedComplaint[] | undefined;
  private readonly text: string;
  private readonly ends: Int32Array;
  private readonly refs: Int32Array;
  private readonly numbers: Float64Array;
  private readonly others: unknown[];
  /** The strings of SHARED_SLOTS, made once per batch: they are the same few in every row. */
  private readonly shared = new Map<number, string>();

  // Not the packed batch itself: its characters, once decoded, are garbage at once, not memory
  // held until the batch is written.
  constructor(p: PackedBatch) {
    this.rows = p.rows;
    this.skipped = p.skipped;
    this.skipReasons = p.skipReasons;
    this.undated = p.undated;
    this.bytesRead = p.bytesRead;
    this.rejects = p.rejects;
    this.hashes = p.hashes;
    this.bounceCount = p.refs.length / SLOTS;
    this.text = decodeChars(p);
    this.ends = p.ends;
    this.refs = p.refs;
    this.numbers = p.numbers;
    this.others = p.others;
    this.mails = p.mails;
    this.complaints = p.complaints;
  }

  bounce(i: number, into: PreparedBounce): PreparedBounce {
    const values = into as unknown[];
    for (let s = 0, k = i * SLOTS; s < SLOTS; s++, k++) values[s] = this.value(k, SHARED_SLOTS[s]);
    return into;
  }

  private value(k: number, shared: boolean): unknown {
    const ref = this.refs[k];
    if (ref >= 0) return shared ? this.sharedString(ref) : this.string(ref);
    if (ref === NULL_REF) return null;
    return ref > OTHER_REF ? this.numbers[NUMBER_REF - ref] : this.others[OTHER_REF - ref];
  }

  private string(ref: number): string {
    return this.text.slice(ref === 0 ? 0 : this.ends[ref - 1], this.ends[ref]);
  }

  private sharedString(ref: number): string {
    let v = this.shared.get(ref);
    if (v === undefined) this.shared.set(ref, (v = this.string(ref)));
    return v;
  }
}

function decodeChars(p: PackedBatch): string {
  const c = p.chars;
  if (c instanceof Uint8Array) return Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString("latin1");
  // Rare (a character above U+00FF in the batch): code units as they are, whatever the byte order.
  let text = "";
  for (let i = 0; i < c.length; i += 8192) text += String.fromCharCode(...c.subarray(i, i + 8192));
  return text;
}
