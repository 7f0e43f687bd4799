/**
 * The team's three acts on corrections, each one transaction on the connection given, recorded in
 * the activity log: correct one bounce, apply a correction to every bounce with the same reply,
 * undo one. The last two may move a large share of the bounces, and run in a thread of their own
 * (lib/corrections/thread.ts).
 */
import type Database from "better-sqlite3";
import { getCategory } from "../categories";
import { replyKey } from "../classify/reply-key";
import { insertEvent } from "../db/events";
import { writeTransaction } from "../db/sqlite";
import { AppError } from "../errors";
import {
  coverSameReply,
  findSameReply,
  getCorrection,
  insertCorrection,
  removeCorrection,
  settleSubscribers,
  withWorkingCache,
  type BounceToCorrect,
} from "./store";

const STATUS = { "not-found": 404, invalid: 400, busy: 409 } as const;

export class CorrectionError extends AppError {
  constructor(
    override readonly code: keyof typeof STATUS,
    message: string,
  ) {
    super(STATUS[code], code, message);
  }
}

/** What an apply or an undo moved. */
export interface Moved {
  bounces: number;
  subscribers: number;
}

const label = (code: string) => getCategory(code)?.label ?? code;
/** A reply quoted in a history entry: its start, on one line. */
const quote = (text: string) => `“${text.replace(/\s+/g, " ").slice(0, 120)}${text.length > 120 ? "…" : ""}”`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * "This is really …": the team corrects one bounce's category. The bounce moves, and its subscriber
 * with it when it is their latest bounce. Returns the new correction's id and the subscriber's.
 */
export async function correctBounceOn(
  db: Database.Database,
  bounceId: number,
  category: string,
  actor: string,
): Promise<{ correctionId: number; subscriberId: number }> {
  const target = getCategory(category);
  if (!target) throw new CorrectionError("invalid", `Unknown category "${category}".`);
  const bounce = db
    .prepare("SELECT id, subscriberId, category, categorySource, ruleId, dsnStatus, replyCode, diagnostic FROM Bounce WHERE id = ?")
    .get(bounceId) as BounceToCorrect | undefined;
  if (!bounce) throw new CorrectionError("not-found", `No bounce with id ${bounceId}.`);
  if (bounce.category === target.code) throw new CorrectionError("invalid", `This bounce is already in ${target.label}.`);
  const now = Date.now();
  const correctionId = await writeTransaction(db, () => {
    const id = insertCorrection(db, bounce, target.code, actor, now);
    settleSubscribers(db, [bounce.subscriberId], now);
    insertEvent(db, {
      actor,
      action: "correction.made",
      subjectType: "subscriber",
      subjectId: String(bounce.subscriberId),
      detail: `corrected a bounce from ${label(bounce.category)} to ${target.label}: ${bounce.diagnostic ? quote(bounce.diagnostic) : "(no reply text)"}`,
    });
    return id;
  });
  return { correctionId, subscriberId: bounce.subscriberId };
}

/**
 * Applies a correction to every bounce with the same reply, and to later imports. The search reads
 * every bounce before the writing transaction, so others are not kept waiting meanwhile; the
 * transaction then also takes the bounces stored since.
 */
export function applyCorrectionOn(db: Database.Database, id: number, actor: string): Moved {
  const c = getCorrection(db, id);
  if (!c) throw new CorrectionError("not-found", `No correction with id ${id}.`);
  const key = replyKey(c.reply);
  if (!key) throw new CorrectionError("invalid", "This bounce has no reply text, so no other bounce has the same reply.");
  if (c.replyKey !== null) throw new CorrectionError("invalid", "This correction already covers every bounce with the same reply.");
  refuseWhileBulkImport(db);
  const scannedUpTo = db.prepare("SELECT coalesce(max(id), 0) FROM Bounce").pluck().get() as number;
  const found = findSameReply(db, key).filter(([bounceId]) => bounceId <= scannedUpTo);
  const now = Date.now();
  const write = db.transaction((): Moved => {
    const { bounces, touched } = coverSameReply(db, c, found, scannedUpTo, actor, now);
    const subscribers = settleSubscribers(db, touched, now);
    insertEvent(db, {
      actor,
      action: "correction.applied",
      subjectType: "correction",
      subjectId: String(id),
      detail: `applied ${label(c.category)} to every bounce with the reply ${quote(key)}: ${plural(bounces, "more bounce")}, ${plural(subscribers, "subscriber")} moved`,
    });
    return { bounces, subscribers };
  });
  return withWorkingCache(db, () => write.immediate());
}

/** Undoes a correction: its bounces go back to what an import would say now, and their subscribers follow. */
export function undoCorrectionOn(db: Database.Database, id: number, actor: string): Moved {
  const c = getCorrection(db, id);
  if (!c) throw new CorrectionError("not-found", `No correction with id ${id}.`);
  refuseWhileBulkImport(db);
  const now = Date.now();
  const write = db.transaction((): Moved => {
    const { bounces, touched } = removeCorrection(db, id);
    const subscribers = settleSubscribers(db, touched, now);
    insertEvent(db, {
      actor,
      action: "correction.undone",
      subjectType: "correction",
      subjectId: String(id),
      detail: `undid ${c.createdBy}'s correction to ${label(c.category)} of ${quote(c.reply || "(no reply text)")}: ${plural(bounces, "bounce")} decided again, ${plural(subscribers, "subscriber")} moved`,
    });
    return { bounces, subscribers };
  });
  return withWorkingCache(db, () => write.immediate());
}

/**
 * Moving many subscribers finds each one's latest bounce through its index, which a large import
 * drops until it ends (lib/ingest/fast/bulk-indexes.ts): without it every lookup would read the table.
 */
function refuseWhileBulkImport(db: Database.Database): void {
  const indexed = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'Bounce_subscriberId_occurredAt_idx'").get();
  if (!indexed) throw new CorrectionError("busy", "A large import is being written right now. Try again when it has finished.");
}
