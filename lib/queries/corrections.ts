import "server-only";
import { classify } from "../classify";
import { replyKey } from "../classify/reply-key";
import { correctBounceOn, type Moved } from "../corrections/actions";
import { getCorrection, type CorrectionRow } from "../corrections/store";
import { runCorrectionInThread } from "../corrections/thread";
import { correctionIdOf, correctionRuleId } from "../corrections/verdicts";
import { openSqlite, sqlite } from "../db/sqlite";
import { assertSettled } from "./arriving";

export { CorrectionError } from "../corrections/actions";

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

/** "This is really …" on one bounce (lib/corrections/actions.ts): the new correction, and whose bounce it was. */
export async function correctBounce(bounceId: number, category: string, actor: string): Promise<{ correction: CorrectionView; subscriberId: number }> {
  const db = sqlite();
  // A subscriber still arriving with an import may be taken back with it (arriving.ts).
  const owner = db.prepare("SELECT subscriberId FROM Bounce WHERE id = ?").pluck().get(bounceId) as number | undefined;
  if (owner !== undefined) assertSettled(owner);
  const { correctionId, subscriberId } = await correctBounceOn(db, bounceId, category, actor);
  return { correction: view(getCorrection(db, correctionId)!), subscriberId };
}

/** Applies a correction to every bounce with the same reply and to later imports, in a thread of its own. */
export function applyCorrection(id: number, actor: string): Promise<Moved> {
  return runCorrectionInThread(sqlite(), "apply", id, actor);
}

/** Undoes a correction, in a thread of its own: its bounces go back to what an import would say now. */
export function undoCorrection(id: number, actor: string): Promise<Moved> {
  return runCorrectionInThread(sqlite(), "undo", id, actor);
}

/** The corrections, newest first, each with how many bounces it decides. */
export async function listCorrections(f: { page: number; pageSize: number }) {
  const db = sqlite();
  const count = db.prepare("SELECT count(*) FROM Correction").pluck().get() as number;
  const rows = db
    .prepare("SELECT * FROM Correction ORDER BY createdAt DESC, id DESC LIMIT ? OFFSET ?")
    .all(f.pageSize, (f.page - 1) * f.pageSize) as CorrectionRow[];
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
export async function describeCorrections(ruleIds: string[]): Promise<Map<string, CorrectionView>> {
  const out = new Map<string, CorrectionView>();
  const db = sqlite();
  for (const ruleId of new Set(ruleIds)) {
    const id = correctionIdOf(ruleId);
    const c = id === null ? undefined : getCorrection(db, id);
    if (c) out.set(ruleId, view(c));
  }
  return out;
}

export const CORRECTION_EXPORT_COLUMNS = [
  "reply",
  "dsn_status",
  "reply_code",
  "category",
  "rules_say",
  "covers",
  "corrected_by",
  "corrected_at",
  "bounces",
  "reply_key",
] as const;

/** Every correction as CSV rows, for the development corpus; from its own read connection. */
// A generator, not async: the CSV export streams its rows as it reads them.
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
