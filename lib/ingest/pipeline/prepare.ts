import { MAX_STORED_TEXT } from "../../formats/types";
import * as verdicts from "../../corrections/verdicts";
import type { CorrectionLookup } from "../../corrections/verdicts";
import type { BounceRows } from "../../formats/open";
import type { MappedRow } from "../../formats/types";
import * as email from "../../formats/email";
import * as dedupe from "./dedupe";
import type { KeyHashes } from "./dedupe";
import { BOUNCE_VALUES, type PreparedBounce } from "./bounce-fields";
import { VerdictMemo } from "./verdict-memo";

// Local aliases: bundlers and tsx compile imported bindings to getters, and these run for every row.
const { dedupeHashes } = dedupe;
const { canonicalEmail } = email;
const { teamVerdict } = verdicts;

const MAX_RAW_CHARS = 2000;

export { BOUNCE_VALUES, type PreparedBounce } from "./bounce-fields";

export interface PreparedReject {
  line: number;
  column: string | null;
  reason: string;
  raw: string;
}

/** The bounce email a batch's bounces were read from (lib/formats/mail): one per message, not per bounce. */
export interface PreparedMail {
  messageNo: number;
  file: string | null;
  subject: string | null;
  messageId: string | null;
  sentAt: number | null;
  raw: string;
  rawCut: boolean;
}

/** A spam complaint (an ARF report in a mailbox), stored in Complaint, never as a bounce. */
export interface PreparedComplaint {
  line: number;
  email: string;
  feedbackType: string;
  reporter: string | null;
  occurredAt: number;
  subject: string | null;
  messageId: string | null;
  /** The zip member it was in (null: the upload itself); `line` is its message number. */
  file: string | null;
}

/**
 * What only bounce emails carry: absent from every batch of a CSV or JSON file, so those cost nothing
 * more. Plain objects, few per batch: they cross to the writer's thread as they are.
 */
export interface MailExtras {
  mails?: PreparedMail[];
  complaints?: PreparedComplaint[];
}

export interface PreparedBatch extends MailExtras {
  /** Rows of the file in this batch, whatever their kind. */
  rows: number;
  skipped: number;
  /** Skipped rows per reason (a few reasons per file). */
  skipReasons: Record<string, number>;
  /** Bounces without a date, given the upload's (duplicates included). */
  undated: number;
  bounceCount: number;
  /**
   * The values of bounce `i` (0 ≤ i < bounceCount): written into `into`, which the caller reuses
   * from row to row, or the batch's own tuple. Either way, read them before asking for another.
   * A batch from the worker thread makes each row's values only now (lib/ingest/fast/packed-batch.ts).
   */
  bounce(i: number, into: PreparedBounce): PreparedBounce;
  rejects: PreparedReject[];
  /** Bytes of the file consumed so far, for progress. */
  bytesRead: number;
  /** HASHES_PER_BOUNCE numbers per bounce, in order: its KeyHashes (email, keyHi, keyLo), so its dedupe key. */
  hashes: Int32Array;
}

export const HASHES_PER_BOUNCE = 3;

/**
 * Collects the prepared rows of one batch, in some form T (PreparedBatch, or packed for another
 * thread). Only bounces differ between the forms: rejected and skipped rows are kept alike.
 */
export abstract class BatchBuilder<T> {
  /** Rows added so far, whatever their kind. */
  rows = 0;
  protected skipped = 0;
  protected skipReasons: Record<string, number> = {};
  /** Bounces dated at import (prepareRow counts them). */
  undated = 0;
  protected readonly rejects: PreparedReject[] = [];
  /** Only for bounce emails (MailExtras): null until the first. */
  protected mails: PreparedMail[] | null = null;
  protected complaints: PreparedComplaint[] | null = null;

  abstract bounce(b: PreparedBounce, hashes: KeyHashes): void;
  abstract finish(bytesRead: number): T;

  /** The bounce email of the bounce just added, once per message (a message's rows are consecutive). */
  mail(m: PreparedMail): void {
    const mails = (this.mails ??= []);
    if (mails.length === 0 || mails[mails.length - 1].messageNo !== m.messageNo) mails.push(m);
  }

  complaint(c: PreparedComplaint): void {
    this.rows++;
    (this.complaints ??= []).push(c);
  }

  /** The batch's MailExtras, for finish(): nothing at all for a batch without any. */
  protected extras(): MailExtras {
    if (this.mails === null && this.complaints === null) return {};
    const extras: MailExtras = {};
    if (this.mails !== null) extras.mails = this.mails;
    if (this.complaints !== null) extras.complaints = this.complaints;
    return extras;
  }

  reject(r: PreparedReject): void {
    this.rows++;
    this.rejects.push(r);
  }

  skip(reason: string): void {
    this.rows++;
    this.skipped++;
    this.skipReasons[reason] = (this.skipReasons[reason] ?? 0) + 1;
  }
}

function capped(text: string | null): string | null {
  return text !== null && text.length > MAX_STORED_TEXT ? text.slice(0, MAX_STORED_TEXT) : text;
}

/** Filled by dedupeHashes for each row and copied at once by the builder: no object per row. */
const keyHashes: KeyHashes = { email: 0, keyHi: 0, keyLo: 0 };

/**
 * Everything about a row that needs no database: the dedupe key, Rebound's classification (a team
 * correction of the reply wins, then the export's own category, then the rules:
 * lib/corrections/verdicts.ts) and the date (rows without one take the upload's).
 * Pure, so it runs as well in a worker thread as in the writer's.
 */
export function prepareRow(row: MappedRow, uploadedAtMs: number, out: BatchBuilder<unknown>, corrections: CorrectionLookup | null, memo: VerdictMemo): void {
  if (row.kind === "skip") {
    out.skip(row.reason);
    return;
  }
  if (row.kind === "reject") {
    out.reject({ line: row.line, column: row.column, reason: row.reason, raw: row.raw.slice(0, MAX_RAW_CHARS) });
    return;
  }
  if (row.kind === "complaint") {
    const c = row.complaint;
    const email = canonicalEmail(c.email);
    if (typeof email !== "string") {
      out.reject({
        line: row.line,
        column: "Original-Rcpt-To",
        reason: `message ${row.line}: complaint about ${email.error}`,
        raw: c.email.slice(0, MAX_RAW_CHARS),
      });
      return;
    }
    out.complaint({
      line: row.line,
      email,
      feedbackType: c.feedbackType.slice(0, 64),
      reporter: c.reporter?.slice(0, 255) ?? null,
      occurredAt: c.occurredAt ? c.occurredAt.getTime() : uploadedAtMs,
      subject: capped(c.subject),
      messageId: c.messageId?.slice(0, 998) ?? null,
      file: c.file?.slice(0, 1024) ?? null,
    });
    return;
  }
  const r = row.record;
  const at = r.occurredAt ? r.occurredAt.getTime() : null;
  if (at === null) out.undated++;
  const diagnostic = r.diagnostic;
  dedupeHashes(r.email, at, r.dsnStatus, r.replyCode, r.diagnostic, keyHashes);
  // A team correction of the reply decides alone; the export's category is kept to give back on undo.
  const team = teamVerdict(corrections, diagnostic);
  const verdict = team === undefined ? memo.classify(r.dsnStatus, r.replyCode, diagnostic) : null;
  out.bounce(
    [
      row.line,
      r.email,
      r.email.slice(r.email.lastIndexOf("@") + 1),
      capped(r.name),
      capped(r.phone),
      capped(r.company),
      at ?? uploadedAtMs,
      team ? team.category : (r.category ?? verdict!.category),
      team ? "team" : r.category ? "export" : "rule",
      team ? team.ruleId : verdict!.ruleId,
      team ? team.category : verdict!.category,
      r.dsnStatus,
      r.replyCode,
      capped(diagnostic),
      capped(r.remoteMta),
      team ? r.category : null,
    ],
    keyHashes,
  );
  const mail = row.mail;
  if (mail !== undefined) {
    out.mail({
      messageNo: mail.messageNo,
      file: mail.file,
      subject: capped(mail.subject),
      messageId: mail.messageId?.slice(0, 998) ?? null,
      sentAt: mail.sentAt ? mail.sentAt.getTime() : null,
      raw: mail.raw,
      rawCut: mail.rawCut,
    });
  }
}

/** Appends a bounce's KeyHashes to a batch's `hashes`, growing it when full. */
export function pushHashes(into: Int32Array, bounce: number, h: KeyHashes): Int32Array {
  const at = bounce * HASHES_PER_BOUNCE;
  if (at + HASHES_PER_BOUNCE > into.length) {
    const bigger = new Int32Array(Math.max(1024, into.length * 2));
    bigger.set(into);
    into = bigger;
  }
  into[at] = h.email;
  into[at + 1] = h.keyHi;
  into[at + 2] = h.keyLo;
  return into;
}

/** Builds a PreparedBatch. */
export class PreparedBatchBuilder extends BatchBuilder<PreparedBatch> {
  private readonly bounces: PreparedBounce[] = [];
  private hashes: Int32Array = new Int32Array(0);

  bounce(b: PreparedBounce, hashes: KeyHashes): void {
    this.rows++;
    this.hashes = pushHashes(this.hashes, this.bounces.length, hashes);
    this.bounces.push(b);
  }

  finish(bytesRead: number): PreparedBatch {
    const { bounces } = this;
    return {
      rows: this.rows,
      skipped: this.skipped,
      skipReasons: this.skipReasons,
      undated: this.undated,
      bounceCount: bounces.length,
      bounce: (i) => bounces[i],
      rejects: this.rejects,
      bytesRead,
      hashes: this.hashes.subarray(0, bounces.length * HASHES_PER_BOUNCE),
      ...this.extras(),
    };
  }
}

/** A scratch tuple for PreparedBatch.bounce. */
export function bounceTuple(): PreparedBounce {
  return new Array(BOUNCE_VALUES).fill(null) as PreparedBounce;
}

/** The batch with every bounce as a tuple of its own, for comparing batches (tests). */
export function plainBatch(b: PreparedBatch) {
  const bounces = Array.from({ length: b.bounceCount }, (_, i) => [...b.bounce(i, bounceTuple())] as PreparedBounce);
  return {
    rows: b.rows,
    skipped: b.skipped,
    skipReasons: b.skipReasons,
    undated: b.undated,
    bytesRead: b.bytesRead,
    rejects: b.rejects,
    hashes: [...b.hashes],
    bounces,
    mails: b.mails,
    complaints: b.complaints,
  };
}

/** Prepares one batch of mapped rows. */
export function prepareBatch(rows: MappedRow[], bytesRead: number, uploadedAtMs: number, corrections: CorrectionLookup | null = null): PreparedBatch {
  const out = new PreparedBatchBuilder();
  const memo = new VerdictMemo();
  for (let i = 0; i < rows.length; i++) prepareRow(rows[i], uploadedAtMs, out, corrections, memo);
  return out.finish(bytesRead);
}

/** The batch size as openBounceFile takes it. */
export function wholeBatchSize(batchSize: number): number {
  return Math.max(1, Math.floor(batchSize));
}

/**
 * Prepares rows as they are read (openBounceRows's sink is `add`) into batches of `batchSize`
 * rows, in some form T. Each row is prepared as soon as it is mapped, so no mapped row outlives the
 * moment (a batch of them lived long enough for V8 to move them to the old generation).
 */
export class BatchAssembler<T> {
  private out: BatchBuilder<T>;
  /** Whole batches not handed out yet: they get the bytesRead of the pull that completed them. */
  private readonly whole: BatchBuilder<T>[] = [];
  /** The import's verdicts by reply: each distinct reply is classified once (while the memo holds it). */
  private readonly verdicts = new VerdictMemo();

  constructor(
    private readonly batchSize: number,
    private readonly uploadedAtMs: number,
    private readonly newBuilder: () => BatchBuilder<T>,
    /** Null or empty when the team has corrected no reply: rows then pay nothing for it. */
    private readonly corrections: CorrectionLookup | null = null,
  ) {
    this.out = newBuilder();
  }

  readonly add = (row: MappedRow): void => {
    prepareRow(row, this.uploadedAtMs, this.out, this.corrections, this.verdicts);
    if (this.out.rows === this.batchSize) {
      this.whole.push(this.out);
      this.out = this.newBuilder();
    }
  };

  /** The batches completed since the last call. */
  *completed(bytesRead: number): Generator<T, void, undefined> {
    while (this.whole.length > 0) yield this.whole.shift()!.finish(bytesRead);
  }

  /** The last, shorter batch, once the file is finished; null when it would be empty. */
  rest(bytesRead: number): T | null {
    return this.out.rows > 0 ? this.out.finish(bytesRead) : null;
  }
}

/**
 * The batches of a file read row by row, as openBounceFile would cut them: a batch is handed out
 * after the read that completed it, with that read's bytesRead; the last one when the file is done.
 */
export async function* preparedBatches<T>(rows: BounceRows, batches: BatchAssembler<T>): AsyncGenerator<T, void, undefined> {
  try {
    for (;;) {
      yield* batches.completed(rows.bytesRead);
      if (!(await rows.pull())) break;
    }
    yield* batches.completed(rows.bytesRead);
    const last = batches.rest(rows.bytesRead);
    if (last !== null) yield last;
  } finally {
    await rows.close();
  }
}
