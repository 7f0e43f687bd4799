/**
 * Team corrections in the database: what each one decided, and moving bounces and their subscribers
 * when one is made, applied to every bounce with the same reply, or undone. Functions that write
 * run inside the caller's transaction (lib/corrections/actions.ts, lib/ingest/pipeline/run-import.ts), so the
 * caller can record the activity in the same one. The tally triggers count every move.
 */
import type Database from "better-sqlite3";
import { replyKey, replyKeyWords } from "../classify/reply-key";
import { doneTickSql } from "../tasks/work-status";
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

function loadCorrectionLookup(db: Database.Database): CorrectionLookup {
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
 * Only ASCII replies holding the key's longest words are keyed, found with SQLite's LIKE (ASCII case
 * folding, as the key's); replies with other characters (more bytes than characters) always are.
 */
export function findSameReply(db: Database.Database, key: string, afterId = 0): BounceRef[] {
  if (!key) return [];
  registerReplyKey(db);
  const words = replyKeyWords(key);
  const likes = words.map((_, i) => `diagnostic LIKE @w${i}`).join(" AND ");
  const prefilter = words.length ? `AND ((${likes}) OR length(diagnostic) <> octet_length(diagnostic))` : "";
  const params: Record<string, string | number> = { afterId, key };
  for (const [i, w] of words.entries()) params[`w${i}`] = `%${w}%`;
  return db
    .prepare(`SELECT id, subscriberId FROM Bounce WHERE id > @afterId AND diagnostic IS NOT NULL ${prefilter} AND rebound_reply_key(diagnostic) = @key`)
    .raw()
    .all(params) as BounceRef[];
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
export function coverSameReply(
  db: Database.Database,
  c: CorrectionRow,
  found: BounceRef[],
  scannedUpTo: number,
  actor: string,
  now: number,
): { bounces: number; touched: Set<number> } {
  const key = replyKey(c.reply);
  db.prepare("DELETE FROM Correction WHERE replyKey = ? AND id <> ?").run(key, c.id);
  db.prepare("UPDATE Correction SET replyKey = ?, appliedBy = ?, appliedAt = ? WHERE id = ?").run(key, actor, now, c.id);
  const all = scannedUpTo > 0 ? [...found, ...findSameReply(db, key, scannedUpTo)] : found;
  return moveBounces(db, all, { ruleId: correctionRuleId(c.id), category: c.category });
}

/*
 * Writes are set-based, through temporary tables: one statement moves all the rows, each found by its
 * id (the temporary table drives every join: without statistics, SQLite read all 1,000,000
 * subscribers instead). Moving 50,000 bounces and their subscribers a statement at a time took 25 s;
 * this way, with the cache below, ~4 s (scripts/bench-corrections.ts).
 */
const TEMP_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS correction_bounce (id INTEGER PRIMARY KEY, category TEXT, categorySource TEXT, ruleId TEXT, ruleCategory TEXT, exportCategory TEXT);
  CREATE TEMP TABLE IF NOT EXISTS correction_subscriber (id INTEGER PRIMARY KEY);
  CREATE TEMP TABLE IF NOT EXISTS correction_subscriber_move (id INTEGER PRIMARY KEY, category TEXT, ruleCategory TEXT, status TEXT, changed INTEGER);
  DELETE FROM temp.correction_bounce;
  DELETE FROM temp.correction_subscriber;
  DELETE FROM temp.correction_subscriber_move;`;

/**
 * Runs `write` with a page cache big enough for a correction's moves: a correction of 50,000 of
 * 1,000,000 bounces rewrites most pages of Bounce and Subscriber and moves entries all over four
 * indexes, and with the connection's 2 MB cache SQLite wrote pages out and read them back: the
 * subscribers' UPDATE took 9.1 s, 3.2 s with 64 MB (scripts/bench-corrections.ts). The cache goes
 * back to its size, and its memory to the system, afterwards.
 */
export function withWorkingCache<T>(db: Database.Database, write: () => T): T {
  const size = db.pragma("cache_size", { simple: true }) as number;
  db.pragma("cache_size = -65536");
  try {
    return write();
  } finally {
    db.pragma(`cache_size = ${size}`);
    db.pragma("shrink_memory");
  }
}

/**
 * Moves bounces to a correction's category (those it already decided are left alone). A correction
 * left with no bounce and no reply of its own to cover (made on one bounce, since taken over) is
 * removed. Returns how many moved and their subscribers.
 */
function moveBounces(db: Database.Database, bounces: BounceRef[], to: TeamVerdict): { bounces: number; touched: Set<number> } {
  db.exec(TEMP_TABLES);
  const add = db.prepare("INSERT OR IGNORE INTO temp.correction_bounce (id) VALUES (?)");
  for (const [id] of bounces) add.run(id);
  const other = "b.id IN (SELECT id FROM temp.correction_bounce) AND NOT (b.categorySource = 'team' AND b.ruleId = @rule)";
  const overridden = db
    .prepare(`SELECT DISTINCT b.ruleId FROM Bounce b WHERE ${other} AND b.categorySource = 'team'`)
    .pluck()
    .all({ rule: to.ruleId }) as string[];
  const touched = new Set(db.prepare(`SELECT DISTINCT b.subscriberId FROM Bounce b WHERE ${other}`).pluck().all({ rule: to.ruleId }) as number[]);
  const moved = db
    .prepare(`UPDATE Bounce AS b SET category = @category, categorySource = 'team', ruleId = @rule, ruleCategory = @category,
        exportCategory = CASE b.categorySource WHEN 'export' THEN b.category WHEN 'team' THEN b.exportCategory END
      WHERE ${other}`)
    .run({ rule: to.ruleId, category: to.category }).changes;
  const remove = db.prepare(`DELETE FROM Correction WHERE id = ? AND replyKey IS NULL
    AND NOT EXISTS (SELECT 1 FROM Bounce WHERE categorySource = 'team' AND ruleId = ?)`);
  for (const ruleId of overridden) remove.run(correctionIdOf(ruleId) ?? 0, ruleId);
  return { bounces: moved, touched };
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

/** The bounces a correction (gone) decided, decided again; read 10,000 at a time (a correction may hold a million). */
function decideAgain(db: Database.Database, ruleId: string, lookup: CorrectionLookup): { bounces: number; touched: Set<number> } {
  const ids = db.prepare("SELECT id FROM Bounce WHERE categorySource = 'team' AND ruleId = ?").pluck().all(ruleId) as number[];
  const read = db.prepare("SELECT id, subscriberId, dsnStatus, replyCode, diagnostic, exportCategory FROM Bounce WHERE id IN (SELECT value FROM json_each(?))");
  db.exec(TEMP_TABLES);
  const add = db.prepare("INSERT INTO temp.correction_bounce (id, category, categorySource, ruleId, ruleCategory, exportCategory) VALUES (?, ?, ?, ?, ?, ?)");
  const touched = new Set<number>();
  for (let at = 0; at < ids.length; at += 10_000) {
    for (const b of read.all(JSON.stringify(ids.slice(at, at + 10_000))) as StoredBounce[]) {
      const d = decide(b, lookup);
      add.run(b.id, d.category, d.categorySource, d.ruleId, d.ruleCategory, d.exportCategory);
      touched.add(b.subscriberId);
    }
  }
  db.exec(`UPDATE Bounce SET (category, categorySource, ruleId, ruleCategory, exportCategory) =
      (SELECT d.category, d.categorySource, d.ruleId, d.ruleCategory, d.exportCategory FROM temp.correction_bounce d WHERE d.id = Bounce.id)
    WHERE id IN (SELECT id FROM temp.correction_bounce)`);
  return { bounces: ids.length, touched };
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
  const rows = db.prepare("SELECT id, subscriberId, diagnostic FROM Bounce WHERE importId = ? AND diagnostic IS NOT NULL").raw().iterate(importId) as Iterable<
    [number, number, string]
  >;
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
 * recovered and unrecoverable stay (a person's call). One UPDATE sets all three: each change of a
 * category or a status moves the row in three of the table's indexes. Returns how many changed category.
 */
export function settleSubscribers(db: Database.Database, ids: Iterable<number>, now: number): number {
  db.exec(TEMP_TABLES);
  const add = db.prepare("INSERT OR IGNORE INTO temp.correction_subscriber (id) VALUES (?)");
  for (const id of ids) add.run(id);
  const ticked = doneTickSql({ id: "s.id", category: "b.category", domain: "s.domain", lastImportId: "s.lastImportId" });
  db.exec(`INSERT INTO temp.correction_subscriber_move (id, category, ruleCategory, status, changed)
    SELECT s.id, b.category, b.ruleCategory,
      CASE WHEN b.category = s.category OR s.status NOT IN ('open', 'in_progress') THEN s.status WHEN ${ticked} THEN 'in_progress' ELSE 'open' END,
      b.category <> s.category
    FROM temp.correction_subscriber t CROSS JOIN Subscriber s ON s.id = t.id
    JOIN Bounce b ON b.id = (SELECT x.id FROM Bounce x WHERE x.subscriberId = s.id ORDER BY x.occurredAt DESC, x.id DESC LIMIT 1)
    WHERE b.category <> s.category OR b.ruleCategory <> s.ruleCategory`);
  db.prepare(`UPDATE Subscriber SET (category, ruleCategory, status) = (SELECT m.category, m.ruleCategory, m.status FROM temp.correction_subscriber_move m WHERE m.id = Subscriber.id),
      updatedAt = ?
    WHERE id IN (SELECT id FROM temp.correction_subscriber_move)`).run(now);
  return db.prepare("SELECT count(*) FROM temp.correction_subscriber_move WHERE changed").pluck().get() as number;
}
