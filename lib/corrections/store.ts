/**
 * Team corrections in the database: what each one decided, and moving bounces and their subscribers
 * when one is made, applied to every bounce with the same reply, or undone. Functions that write
 * run inside the caller's transaction (lib/queries/corrections.ts, lib/ingest/run-import.ts), so the
 * caller can record the activity in the same one. The tally triggers count every move.
 */
import type Database from "better-sqlite3";
import { replyKey, replyKeyWord } from "../classify/reply-key";
import { HAS_DONE_TICK } from "../tasks/work-status";
import { correctionIdOf, correctionRuleId, decide, lookupOf, type CorrectionEntries, type CorrectionLookup, type TeamVerdict } from "./verdicts";

export interface CorrectionRow {
  id: number;
  category: string;
  reply: string;
  dsnStatus: string | null;
  replyCode: number | null;
  replyKey: string | null;
  createdBy: string;
  createdAt: number;
  appliedBy: string | null;
  appliedAt: number | null;
}

export function getCorrection(db: Database.Database, id: number): CorrectionRow | undefined {
  return db.prepare("SELECT * FROM Correction WHERE id = ?").get(id) as CorrectionRow | undefined;
}

/** Every correction that covers its whole reply, for an import to look each row's reply up. */
export function loadCorrectionEntries(db: Database.Database): CorrectionEntries {
  const rows = db.prepare("SELECT id, replyKey, category FROM Correction WHERE replyKey IS NOT NULL").raw().all() as [number, string, string][];
  return rows.map(([id, key, category]) => [key, correctionRuleId(id), category]);
}

export function loadCorrectionLookup(db: Database.Database): CorrectionLookup {
  return lookupOf(loadCorrectionEntries(db));
}

export interface BounceToCorrect {
  id: number;
  subscriberId: number;
  category: string;
  categorySource: string;
  ruleId: string;
  dsnStatus: string | null;
  replyCode: number | null;
  diagnostic: string | null;
}

/** Records a correction made on one bounce and moves that bounce. Returns the correction's id. */
export function insertCorrection(db: Database.Database, bounce: BounceToCorrect, category: string, actor: string, now: number): number {
  const id = Number(
    db
      .prepare("INSERT INTO Correction (category, reply, dsnStatus, replyCode, createdBy, createdAt) VALUES (?, ?, ?, ?, ?, ?)")
      .run(category, bounce.diagnostic ?? "", bounce.dsnStatus, bounce.replyCode, actor, now).lastInsertRowid,
  );
  moveBounces(db, [[bounce.id, bounce.subscriberId]], { ruleId: correctionRuleId(id), category });
  return id;
}

/** Bounces as [id, subscriberId]. */
export type BounceRef = [id: number, subscriberId: number];

/**
 * The bounces whose reply has this key, with id above `afterId`. A read, to run before the writing
 * transaction: at a million bounces it reads the whole table once (scripts/bench-corrections.ts).
 * Only ASCII replies containing the key's longest word are keyed, in SQLite's LIKE (ASCII case
 * folding, as the key's); replies with other characters always are.
 */
export function findSameReply(db: Database.Database, key: string, afterId = 0): BounceRef[] {
  if (!key) return [];
  registerReplyKey(db);
  const word = replyKeyWord(key);
  const prefilter = word ? "AND (diagnostic LIKE @like OR diagnostic GLOB @wide)" : "";
  return db
    .prepare(`SELECT id, subscriberId FROM Bounce WHERE id > @afterId AND diagnostic IS NOT NULL ${prefilter} AND rebound_reply_key(diagnostic) = @key`)
    .raw()
    .all({ afterId, key, ...(word ? { like: `%${word}%`, wide: "*[^\u0001-\u007f]*" } : {}) }) as BounceRef[];
}

const registered = new WeakSet<Database.Database>();
function registerReplyKey(db: Database.Database): void {
  if (registered.has(db)) return;
  db.function("rebound_reply_key", { deterministic: true }, (d: unknown) => replyKey(typeof d === "string" ? d : null));
  registered.add(db);
}

/**
 * Makes a correction cover every bounce with its reply, and later imports: its key is set (another
 * correction with the same key is replaced, and its bounces move) and the bounces found move to it,
 * as do any stored since `scannedUpTo`, the highest id the search saw. Returns the subscribers touched.
 */
export function coverSameReply(db: Database.Database, c: CorrectionRow, found: BounceRef[], scannedUpTo: number, actor: string, now: number): { bounces: number; touched: Set<number> } {
  const key = replyKey(c.reply);
  db.prepare("DELETE FROM Correction WHERE replyKey = ? AND id <> ?").run(key, c.id);
  db.prepare("UPDATE Correction SET replyKey = ?, appliedBy = ?, appliedAt = ? WHERE id = ?").run(key, actor, now, c.id);
  const all = scannedUpTo > 0 ? [...found, ...findSameReply(db, key, scannedUpTo)] : found;
  return moveBounces(db, all, { ruleId: correctionRuleId(c.id), category: c.category });
}

/**
 * Moves bounces to a correction's category (those it already decided are left alone). A correction
 * left with no bounce and no reply of its own to cover (made on one bounce, since taken over) is
 * removed. Returns how many moved and their subscribers.
 */
function moveBounces(db: Database.Database, bounces: BounceRef[], to: TeamVerdict): { bounces: number; touched: Set<number> } {
  const before = db.prepare("SELECT ruleId, categorySource FROM Bounce WHERE id = ?").raw();
  const update = db.prepare(`UPDATE Bounce SET category = ?, categorySource = 'team', ruleId = ?, ruleCategory = ?,
      exportCategory = CASE categorySource WHEN 'export' THEN category WHEN 'team' THEN exportCategory END
    WHERE id = ?`);
  const touched = new Set<number>();
  const overridden = new Set<number>();
  let moved = 0;
  for (const [id, subscriberId] of bounces) {
    const was = before.get(id) as [string, string] | undefined;
    if (!was || was[0] === to.ruleId) continue;
    if (was[1] === "team") overridden.add(correctionIdOf(was[0]) ?? 0);
    update.run(to.category, to.ruleId, to.category, id);
    touched.add(subscriberId);
    moved++;
  }
  dropEmptyCorrections(db, overridden);
  return { bounces: moved, touched };
}

function dropEmptyCorrections(db: Database.Database, ids: Iterable<number>): void {
  const remove = db.prepare(`DELETE FROM Correction WHERE id = ? AND replyKey IS NULL
    AND NOT EXISTS (SELECT 1 FROM Bounce WHERE categorySource = 'team' AND ruleId = ?)`);
  for (const id of ids) remove.run(id, correctionRuleId(id));
}

/** The bounces a correction decided, as [id, subscriberId] (through the partial index on team bounces). */
export function bouncesOf(db: Database.Database, correctionId: number): BounceRef[] {
  return db.prepare("SELECT id, subscriberId FROM Bounce WHERE categorySource = 'team' AND ruleId = ?").raw().all(correctionRuleId(correctionId)) as BounceRef[];
}

/**
 * Undoes a correction: its bounces are decided again as an import would now (another correction
 * for their reply, else the export's category, else the rules), and the correction is removed.
 */
export function removeCorrection(db: Database.Database, correctionId: number): { bounces: number; touched: Set<number> } {
  db.prepare("DELETE FROM Correction WHERE id = ?").run(correctionId);
  return decideAgain(db, correctionRuleId(correctionId), loadCorrectionLookup(db));
}

interface StoredBounce {
  id: number;
  subscriberId: number;
  dsnStatus: string | null;
  replyCode: number | null;
  diagnostic: string | null;
  exportCategory: string | null;
}

/** The bounces a correction (gone) decided, decided again. */
function decideAgain(db: Database.Database, ruleId: string, lookup: CorrectionLookup): { bounces: number; touched: Set<number> } {
  const rows = db
    .prepare("SELECT id, subscriberId, dsnStatus, replyCode, diagnostic, exportCategory FROM Bounce WHERE categorySource = 'team' AND ruleId = ?")
    .all(ruleId) as StoredBounce[];
  const update = db.prepare("UPDATE Bounce SET category = ?, categorySource = ?, ruleId = ?, ruleCategory = ?, exportCategory = ? WHERE id = ?");
  const touched = new Set<number>();
  for (const b of rows) {
    const d = decide(b, lookup);
    update.run(d.category, d.categorySource, d.ruleId, d.ruleCategory, d.exportCategory, b.id);
    touched.add(b.subscriberId);
  }
  return { bounces: rows.length, touched };
}

/**
 * For an import that ran while the team changed corrections (it looks them up once, at its start):
 * bounces it gave to a correction since undone are decided again, and its bounces whose reply a
 * correction has covered since are moved to it. Returns the subscribers touched.
 */
export function catchUpImport(db: Database.Database, importId: string, loaded: CorrectionEntries): Set<number> {
  const now = loadCorrectionEntries(db);
  const lookup = lookupOf(now);
  const touched = new Set<number>();
  const current = new Set(now.map(([, ruleId]) => ruleId));
  for (const [, ruleId] of loaded) if (!current.has(ruleId)) for (const id of decideAgain(db, ruleId, lookup).touched) touched.add(id);

  const before = new Set(loaded.map(([key, ruleId]) => `${key}\u0000${ruleId}`));
  const added = lookupOf(now.filter(([key, ruleId]) => !before.has(`${key}\u0000${ruleId}`)));
  if (added.size === 0) return touched;
  // A scan of the table (no index on importId), on a path taken only when corrections changed mid-import.
  const rows = db.prepare("SELECT id, subscriberId, diagnostic FROM Bounce WHERE importId = ? AND diagnostic IS NOT NULL").raw().iterate(importId) as Iterable<[number, number, string]>;
  const byRule = new Map<string, { to: TeamVerdict; bounces: BounceRef[] }>();
  for (const [id, subscriberId, diagnostic] of rows) {
    const to = added.get(replyKey(diagnostic));
    if (!to) continue;
    let entry = byRule.get(to.ruleId);
    if (!entry) byRule.set(to.ruleId, (entry = { to, bounces: [] }));
    entry.bounces.push([id, subscriberId]);
  }
  for (const { to, bounces } of byRule.values()) for (const id of moveBounces(db, bounces, to).touched) touched.add(id);
  return touched;
}

/**
 * Subscribers follow their latest bounce: category and Rebound's own category from it. One whose
 * category changed has another checklist, so open or in progress follows its ticks there;
 * recovered and unrecoverable stay (a person's call). Returns how many changed category.
 */
export function settleSubscribers(db: Database.Database, ids: Iterable<number>, now: number): number {
  const latest = db.prepare("SELECT category, ruleCategory FROM Bounce WHERE subscriberId = ? ORDER BY occurredAt DESC, id DESC LIMIT 1").raw();
  const current = db.prepare("SELECT category, ruleCategory FROM Subscriber WHERE id = ?").raw();
  const set = db.prepare("UPDATE Subscriber SET category = ?, ruleCategory = ?, updatedAt = ? WHERE id = ?");
  const refresh = db.prepare(`UPDATE Subscriber SET status = CASE WHEN ${HAS_DONE_TICK} THEN 'in_progress' ELSE 'open' END
    WHERE id = ? AND status IN ('open', 'in_progress')`);
  let moved = 0;
  for (const id of ids) {
    const to = latest.get(id) as [string, string] | undefined;
    const was = current.get(id) as [string, string] | undefined;
    if (!to || !was || (to[0] === was[0] && to[1] === was[1])) continue;
    set.run(to[0], to[1], now, id);
    if (to[0] !== was[0]) {
      refresh.run(id);
      moved++;
    }
  }
  return moved;
}
