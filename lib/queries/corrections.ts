import "server-only";
import { getCategory } from "../categories";
import { classify } from "../classify";
import { replyKey } from "../classify/reply-key";
import { correctionIdOf, correctionRuleId } from "../corrections/verdicts";
import {
  coverSameReply,
  findSameReply,
  getCorrection,
  insertCorrection,
  removeCorrection,
  settleSubscribers,
  withWorkingCache,
  type BounceToCorrect,
  type CorrectionRow,
} from "../corrections/store";
import { openSqlite, sqlite } from "../db/sqlite";
import { recordEvent } from "./events";

export class CorrectionError extends Error {
  constructor(
    readonly code: "not-found" | "invalid" | "busy",
    message: string,
  ) {
    super(message);
    this.name = "CorrectionError";
  }
}

export interface CorrectionView {
  id: number;
  category: string;
  reply: string;
  /** What makes another bounce's reply the same (lib/classify/reply-key.ts). */
  replyKey: string;
  dsnStatus: string | null;
  replyCode: number | null;
  /** "reply": every bounce with this reply, later imports too; "bounce": only the bounce it was made on. */
  covers: "reply" | "bounce";
  createdBy: string;
  createdAt: string;
  appliedBy: string | null;
  appliedAt: string | null;
  /** Bounces it decides now. */
  bounces: number;
  /** What Rebound's rules say about the reply, without the correction. */
  rulesSay: string;
}

const label = (code: string) => getCategory(code)?.label ?? code;
/** A reply quoted in a history entry: its start, on one line. */
const quote = (text: string) => `“${text.replace(/\s+/g, " ").slice(0, 120)}${text.length > 120 ? "…" : ""}”`;

/**
 * "This is really …": the team corrects one bounce's category. The bounce moves, and its subscriber
 * with it when it is their latest bounce; the history says who and when.
 */
export function correctBounce(bounceId: number, category: string, actor: string): { correction: CorrectionView; subscriberId: number } {
  const db = sqlite();
  const target = getCategory(category);
  if (!target) throw new CorrectionError("invalid", `Unknown category "${category}".`);
  const bounce = db
    .prepare("SELECT id, subscriberId, category, categorySource, ruleId, dsnStatus, replyCode, diagnostic FROM Bounce WHERE id = ?")
    .get(bounceId) as BounceToCorrect | undefined;
  if (!bounce) throw new CorrectionError("not-found", `No bounce with id ${bounceId}.`);
  if (bounce.category === target.code) throw new CorrectionError("invalid", `This bounce is already in ${target.label}.`);
  const now = Date.now();
  const id = db.transaction(() => {
    const id = insertCorrection(db, bounce, target.code, actor, now);
    settleSubscribers(db, [bounce.subscriberId], now);
    recordEvent({
      actor,
      action: "correction.made",
      subjectType: "subscriber",
      subjectId: String(bounce.subscriberId),
      detail: `corrected a bounce from ${label(bounce.category)} to ${target.label}: ${bounce.diagnostic ? quote(bounce.diagnostic) : "(no reply text)"}`,
    });
    return id;
  }).immediate();
  return { correction: view(getCorrection(db, id)!), subscriberId: bounce.subscriberId };
}

/**
 * Applies a correction to every bounce with the same reply, and to later imports. The search reads
 * every bounce, before the writing transaction so that others are not kept waiting meanwhile; the
 * transaction then also takes the bounces stored since.
 */
export function applyCorrection(id: number, actor: string): { bounces: number; subscribers: number } {
  const db = sqlite();
  const c = getCorrection(db, id);
  if (!c) throw new CorrectionError("not-found", `No correction with id ${id}.`);
  const key = replyKey(c.reply);
  if (!key) throw new CorrectionError("invalid", "This bounce has no reply text, so no other bounce has the same reply.");
  if (c.replyKey !== null) throw new CorrectionError("invalid", "This correction already covers every bounce with the same reply.");
  refuseWhileBulkImport(db);
  const scannedUpTo = (db.prepare("SELECT coalesce(max(id), 0) FROM Bounce").pluck().get() as number) ?? 0;
  const found = findSameReply(db, key).filter(([bounceId]) => bounceId <= scannedUpTo);
  const now = Date.now();
  const write = db.transaction(() => {
    const { bounces, touched } = coverSameReply(db, c, found, scannedUpTo, actor, now);
    const subscribers = settleSubscribers(db, touched, now);
    recordEvent({
      actor,
      action: "correction.applied",
      subjectType: "correction",
      subjectId: String(id),
      detail: `applied ${label(c.category)} to every bounce with the reply ${quote(key)}: ${bounces} more bounce${bounces === 1 ? "" : "s"}, ${subscribers} subscriber${subscribers === 1 ? "" : "s"} moved`,
    });
    return { bounces, subscribers };
  });
  return withWorkingCache(db, () => write.immediate());
}

/** Undoes a correction: its bounces go back to what an import would say now, and their subscribers follow. */
export function undoCorrection(id: number, actor: string): { bounces: number; subscribers: number } {
  const db = sqlite();
  const c = getCorrection(db, id);
  if (!c) throw new CorrectionError("not-found", `No correction with id ${id}.`);
  refuseWhileBulkImport(db);
  const now = Date.now();
  const write = db.transaction(() => {
    const { bounces, touched } = removeCorrection(db, id);
    const subscribers = settleSubscribers(db, touched, now);
    recordEvent({
      actor,
      action: "correction.undone",
      subjectType: "correction",
      subjectId: String(id),
      detail: `undid ${c.createdBy}'s correction to ${label(c.category)} of ${quote(c.reply || "(no reply text)")}: ${bounces} bounce${bounces === 1 ? "" : "s"} decided again, ${subscribers} subscriber${subscribers === 1 ? "" : "s"} moved`,
    });
    return { bounces, subscribers };
  });
  return withWorkingCache(db, () => write.immediate());
}

/**
 * Moving many subscribers finds each one's latest bounce through its index, which a large import
 * drops until it ends (lib/ingest/bulk-indexes.ts): without it every lookup would read the table.
 */
function refuseWhileBulkImport(db: ReturnType<typeof sqlite>): void {
  const indexed = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'Bounce_subscriberId_occurredAt_idx'").get();
  if (!indexed) throw new CorrectionError("busy", "A large import is being written right now. Try again when it has finished.");
}

/** The corrections, newest first, each with how many bounces it decides. */
export function listCorrections(f: { page: number; pageSize: number }) {
  const db = sqlite();
  const count = db.prepare("SELECT count(*) FROM Correction").pluck().get() as number;
  const rows = db.prepare("SELECT * FROM Correction ORDER BY createdAt DESC, id DESC LIMIT ? OFFSET ?").all(f.pageSize, (f.page - 1) * f.pageSize) as CorrectionRow[];
  return { data: rows.map(view), count, page: f.page, pageSize: f.pageSize };
}

function view(c: CorrectionRow): CorrectionView {
  const bounces = sqlite().prepare("SELECT count(*) FROM Bounce WHERE categorySource = 'team' AND ruleId = ?").pluck().get(correctionRuleId(c.id)) as number;
  return {
    id: c.id,
    category: c.category,
    reply: c.reply,
    replyKey: c.replyKey ?? replyKey(c.reply),
    dsnStatus: c.dsnStatus,
    replyCode: c.replyCode,
    covers: c.replyKey === null ? "bounce" : "reply",
    createdBy: c.createdBy,
    createdAt: new Date(c.createdAt).toISOString(),
    appliedBy: c.appliedBy,
    appliedAt: c.appliedAt === null ? null : new Date(c.appliedAt).toISOString(),
    bounces,
    rulesSay: classify({ status: c.dsnStatus, replyCode: c.replyCode, diagnostic: c.reply || null }).category,
  };
}

/** Who corrected, when, and how far, for the bounces of a subscriber page (by rule id). */
export function describeCorrections(ruleIds: string[]): Map<string, CorrectionView> {
  const out = new Map<string, CorrectionView>();
  const db = sqlite();
  for (const ruleId of new Set(ruleIds)) {
    const id = correctionIdOf(ruleId);
    const c = id === null ? undefined : getCorrection(db, id);
    if (c) out.set(ruleId, view(c));
  }
  return out;
}

export const CORRECTION_EXPORT_COLUMNS = ["reply", "dsn_status", "reply_code", "category", "rules_say", "covers", "corrected_by", "corrected_at", "bounces", "reply_key"] as const;

/** Every correction as CSV rows, for the development corpus; from its own read connection. */
export function* iterateCorrectionExport(): Generator<unknown[]> {
  const db = openSqlite();
  try {
    const rows = db.prepare("SELECT * FROM Correction ORDER BY createdAt, id").all() as CorrectionRow[];
    const count = db.prepare("SELECT count(*) FROM Bounce WHERE categorySource = 'team' AND ruleId = ?").pluck();
    for (const c of rows) {
      yield [
        c.reply,
        c.dsnStatus,
        c.replyCode,
        c.category,
        classify({ status: c.dsnStatus, replyCode: c.replyCode, diagnostic: c.reply || null }).category,
        c.replyKey === null ? "bounce" : "reply",
        c.createdBy,
        new Date(c.createdAt).toISOString(),
        count.get(correctionRuleId(c.id)),
        c.replyKey ?? replyKey(c.reply),
      ];
    }
  } finally {
    db.close();
  }
}
