import type Database from "better-sqlite3";
import { MultiRowInsert } from "../../db/multi-row-insert";
import { tallyDay } from "../../db/tallies";
import { ImportSubscribers, type SubscriberSummary } from "./import-subscribers";
import { newHash64Set, type HashSet64 } from "../fast/hash-tables";
import { STORED_COLUMNS } from "./bounce-fields";
import { bounceTuple, HASHES_PER_BOUNCE, type PreparedBatch } from "./prepare";

export interface ImportCounts {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  /** Skipped rows per reason. */
  skipReasons: Record<string, number>;
  /** Bounce rows without a date, dated at import. */
  undated: number;
}

export const emptyCounts = (): ImportCounts => ({ rows: 0, accepted: 0, duplicates: 0, rejected: 0, skipped: 0, skipReasons: {}, undated: 0 });

/** Distinct skip reasons kept per import: a file that makes up a new one per row must not grow the record without end. */
const MAX_SKIP_REASONS = 50;
const OTHER_SKIP_REASON = "other rows that are not bounces";

export function addSkipReasons(into: Record<string, number>, batch: Record<string, number>): void {
  for (const [reason, n] of Object.entries(batch)) {
    const key = reason in into || Object.keys(into).length < MAX_SKIP_REASONS ? reason : OTHER_SKIP_REASON;
    into[key] = (into[key] ?? 0) + n;
  }
}

/** The statements a batch writer runs, prepared once per import. */
function writerStatements(db: Database.Database) {
  return {
    existsBounce: db.prepare(`SELECT 1 FROM Bounce WHERE dedupeKey = ${STORED_KEY}`).pluck(),
    findSubscriber: db.prepare("SELECT id FROM Subscriber WHERE email = ?").pluck(),
    emailById: db.prepare("SELECT email FROM Subscriber WHERE id = ?").pluck(),
    // The first value the files give for each, whichever row carries it.
    addContact: db.prepare("UPDATE Subscriber SET name = coalesce(name, ?), phone = coalesce(phone, ?), company = coalesce(company, ?) WHERE id = ?"),
    insertRejected: db.prepare("INSERT INTO RejectedRow (importId, line, column, reason, raw) VALUES (?, ?, ?, ?, ?)"),
    saveCounts: db.prepare(`
      UPDATE Import SET rows = ?, accepted = ?, duplicates = ?, rejected = ?, skipped = ?, bytesProcessed = ?, undated = ?, skipReasons = ? WHERE id = ?`),
    addBounceTally: db.prepare(`
      INSERT INTO BounceTally (day, importId, category, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`),
    addSubscriberTally: db.prepare(ADD_SUBSCRIBER_TALLY),
    addDomainTally: db.prepare(ADD_DOMAIN_TALLY),
  };
}

/** Every stored dedupe key, for bulk mode's in-memory duplicate check. */
function loadStoredKeys(db: Database.Database, reserve: number) {
  const loaded = newHash64Set(reserve);
  const halves = db.prepare("SELECT dedupeKey >> 32, dedupeKey & 4294967295 FROM Bounce").raw();
  for (const [hi, lo] of halves.iterate() as Iterable<[number, number]>) loaded.add(hi | 0, lo | 0);
  return loaded;
}

/** Every subscriber stored before this import that it has not met yet, for bulk mode's address lookups. */
function loadKnownSubscribers(db: Database.Database, subscribers: ImportSubscribers, firstNewId: number): void {
  const known = db.prepare("SELECT id, email FROM Subscriber WHERE id < ?").raw();
  for (const [id, email] of known.iterate(firstNewId) as Iterable<[number, string]>) {
    if (subscribers.slotOf(email) < 0) subscribers.add(email, id, true);
  }
}

/** The statements that store bounce emails and complaints (lib/formats/mail). */
function mailInserts(db: Database.Database) {
  return {
    email: db.prepare(`INSERT OR IGNORE INTO BounceEmail (importId, messageNo, file, subject, messageId, sentAt, raw, rawCut) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    // The same report uploaded twice (a re-upload, an overlapping mailbox) is kept once.
    complaint:
      db.prepare(`INSERT OR IGNORE INTO Complaint (email, importId, feedbackType, reporter, occurredAt, subject, messageId, sourceFile, messageNo, dedupeKey, createdAt)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    count: db.prepare("UPDATE Import SET complaints = ? WHERE id = ?"),
  };
}

/**
 * A batch's bounce emails (those of messages with a bounce stored: a message of duplicates keeps
 * nothing) and complaints. Returns the complaints the batch read.
 */
function writeMailExtras(st: ReturnType<typeof mailInserts>, importId: string, batch: PreparedBatch, stored: Set<number> | null, now: number): number {
  for (const m of batch.mails ?? []) {
    if (stored?.has(m.messageNo)) st.email.run(importId, m.messageNo, m.file, m.subject, m.messageId, m.sentAt, m.raw, m.rawCut ? 1 : 0);
  }
  const complaints = batch.complaints ?? [];
  for (const c of complaints) {
    const key = `${c.email}|${c.feedbackType}|${c.occurredAt}|${c.messageId ?? c.subject ?? ""}`;
    st.complaint.run(c.email, importId, c.feedbackType, c.reporter, c.occurredAt, c.subject, c.messageId, c.file, c.line, key, now);
  }
  return complaints.length;
}

/**
 * Writes prepared rows (lib/ingest/pipeline/prepare.ts) of one import. Each `writeBatches` is one transaction
 * that appends the batches' new bounces and new subscribers together with the import's running
 * counts, so a crash never leaves counts and rows out of step. `finish` then writes, once per
 * subscriber, what the import found about subscribers seen more than once or known before
 * (lib/ingest/pipeline/import-subscribers.ts says why not per bounce). A failed or interrupted import is
 * rolled back whole (lib/ingest/pipeline/rollback.ts).
 *
 * New subscribers get their ids here, counting on from the table's AUTOINCREMENT sequence: only
 * imports create subscribers, and they run one at a time (lib/ingest/queue/queue.ts).
 *
 * The writer counts the rows it inserts into BounceTally, SubscriberTally and DomainTally itself, in
 * the batch's own transaction, as the insert triggers every import drops would have
 * (lib/ingest/fast/bulk-indexes.ts): a few dozen counter updates per batch instead of three per row, and
 * the counts never lag behind the rows.
 *
 * Lookups go through the unique indexes on Bounce.dedupeKey and Subscriber.email (which also see
 * rows written earlier in this import: same connection) until a big import drops them
 * (`enterBulkMode`); from then on the writer finds duplicates and known addresses in memory, and
 * leaves DomainTally to the recount at the end.
 * Per-row statements take positional parameters (binding named ones costs a property lookup each).
 */
export function createBatchWriter(db: Database.Database, importId: string) {
  const w = new BatchWriter(db, importId);
  return {
    counts: w.counts,
    countNew: (batch: PreparedBatch) => w.countNew(batch),
    writeBatch: (batch: PreparedBatch) => w.writeBatches([batch]),
    writeBatches: (batches: PreparedBatch[]) => w.writeBatches(batches),
    enterBulkMode: (expectedNew: number) => w.enterBulkMode(expectedNew),
    finish: () => w.finish(),
  };
}

class BatchWriter {
  readonly counts = emptyCounts();
  private readonly st: ReturnType<typeof writerStatements>;
  // New rows. In bulk mode, many per statement: nothing looks up the rows just written any more but
  // `emailOf` and contact updates, which see the pending ones (below), and a batch writes them all.
  // Before it, each row is written at once (`flushUnlessBulk`): lookups go through the unique indexes.
  private readonly newSubscribers: MultiRowInsert;
  private readonly newBounces: MultiRowInsert;
  // Bounce emails only (MailExtras): prepared on first use, so a CSV import never compiles them.
  private mailStatements: ReturnType<typeof mailInserts> | null = null;
  private complaints = 0;
  private readonly firstNewId: number;
  private nextId: number;
  private subscribers: ImportSubscribers;
  /** Set once the unique indexes are gone: every stored dedupe key, and every address is in `subscribers`. */
  private keys: HashSet64 | null = null;
  /** The batch's inserted bounces and new subscribers per category and day. */
  private readonly bounceDays = new DayCounts();
  private readonly subscriberDays = new DayCounts();
  /** The batch's new subscribers per category and domain; null in bulk mode (recounted at the end). */
  private subscriberDomains: DomainCounts | null = new DomainCounts();
  /** Reused for each row's values (PreparedBatch.bounce). */
  private readonly tuple = bounceTuple();
  /** Set by subscriberSlot when it created the subscriber. */
  private created = false;
  // Not a transaction per batch inside one for all: a nested one is a savepoint, and SQLite journals
  // every page written under a savepoint in case it is rolled back to.
  private readonly writeBatchesNow: Database.Transaction<(batches: PreparedBatch[]) => void>;

  constructor(
    private readonly db: Database.Database,
    private readonly importId: string,
  ) {
    this.st = writerStatements(db);
    const inserts = newRowInserts(db, importId);
    this.newSubscribers = inserts.subscribers;
    this.newBounces = inserts.bounces;
    this.firstNewId = lastSubscriberId(db) + 1;
    this.nextId = this.firstNewId;
    this.subscribers = new ImportSubscribers((id) => this.emailOf(id));
    this.writeBatchesNow = db.transaction((batches: PreparedBatch[]) => {
      for (const batch of batches) this.writeRows(batch);
    });
  }

  /**
   * Several batches in one transaction. IMMEDIATE: a batch of duplicates only reads until it saves
   * its counts, and a transaction that read first is refused its first write, at once, when another
   * connection committed meanwhile (a tick, the upload route). Holding the write lock from the
   * start, others wait for the batch.
   */
  writeBatches(batches: PreparedBatch[]): void {
    this.writeBatchesNow.immediate(batches);
  }

  /** How many of a batch's bounces are not stored yet (duplicates within the batch aside): writes nothing. */
  countNew(batch: PreparedBatch): number {
    let n = 0;
    const { hashes } = batch;
    for (let h = 0; h < batch.bounceCount * HASHES_PER_BOUNCE; h += HASHES_PER_BOUNCE) {
      if (this.st.existsBounce.get(hashes[h + 1], hashes[h + 2]) === undefined) n++;
    }
    return n;
  }

  /**
   * Call once the unique indexes on Bounce.dedupeKey and Subscriber.email and the DomainTally
   * trigger are gone (lib/ingest/fast/bulk-indexes.ts): loads every stored dedupe key, and every
   * subscriber this import has not seen yet, into memory, and stops counting domains.
   * `expectedNew`: about how many new rows the rest of the file holds.
   */
  enterBulkMode(expectedNew: number): void {
    this.subscriberDomains = null;
    const stored = Number(this.db.prepare("SELECT max(id) FROM Bounce").pluck().get() ?? 0);
    // Sized for what is stored and what the file still holds, instead of growing by copies (up to a
    // bound: an estimate from a gigabyte of short rows must not reserve hundreds of MB up front).
    const loaded = loadStoredKeys(this.db, Math.min(stored + expectedNew, MAX_RESERVED));
    // Likewise the addresses: every stored one is loaded next, and each new row may bring a new one
    // (doubling on the way would leave each outgrown set of arrays behind as garbage: ~8 MB lower
    // peak RSS for 1,000,000 new addresses, medians of 4 interleaved in-process runs).
    this.subscribers.reserve(Math.min(this.firstNewId - 1 + expectedNew, MAX_RESERVED));
    loadKnownSubscribers(this.db, this.subscribers, this.firstNewId);
    this.keys = loaded;
  }

  /** Ends the import's writes. The in-memory lookups are let go before the indexes are rebuilt. */
  finish(): void {
    this.db.transaction(() => writeSubscribers(this.db, this.importId, this.subscribers, this.subscriberDomains !== null)).immediate();
    this.subscribers = new ImportSubscribers(() => undefined);
    this.keys = null;
  }

  /** One batch's rows and counts, inside the caller's transaction. */
  private writeRows(batch: PreparedBatch): void {
    const now = Date.now();
    this.countBatch(batch);
    const { bounceCount, hashes } = batch;
    /** For a batch of bounce emails: the messages with a bounce stored, whose email is kept. */
    const storedMessages = batch.mails !== undefined ? new Set<number>() : null;
    for (let i = 0; i < bounceCount; i++) {
      const h = i * HASHES_PER_BOUNCE;
      const keyHi = hashes[h + 1];
      const keyLo = hashes[h + 2];
      if (this.isDuplicate(keyHi, keyLo)) {
        this.counts.duplicates++;
        continue;
      }
      const [
        line,
        email,
        domain,
        name,
        phone,
        company,
        at,
        category,
        source,
        ruleId,
        ruleCategory,
        dsnStatus,
        replyCode,
        diagnostic,
        remoteMta,
        exportCategory,
      ] = batch.bounce(i, this.tuple);
      this.created = false;
      const slot = this.subscriberSlot(email, hashes[h], domain, name, phone, company, category, ruleCategory, at, now);
      const id = this.subscribers.idOf(slot);
      if (!this.created && (name !== null || phone !== null || company !== null)) {
        if (id >= this.firstPendingId()) this.newSubscribers.flush();
        this.st.addContact.run(name, phone, company, id);
      }
      this.subscribers.record(slot, at, category, ruleCategory);
      this.newBounces.add(id, line, at, category, source, ruleId, ruleCategory, dsnStatus, replyCode, diagnostic, remoteMta, exportCategory, keyHi, keyLo);
      this.flushUnlessBulk(this.newBounces);
      this.counts.accepted++;
      storedMessages?.add(line);
      this.bounceDays.add(category, at);
    }
    if (batch.mails !== undefined || batch.complaints !== undefined) {
      this.mailStatements ??= mailInserts(this.db);
      this.complaints += writeMailExtras(this.mailStatements, this.importId, batch, storedMessages, now);
    }
    this.newBounces.flush();
    this.flushTallies();
    const c = this.counts;
    const reasons = c.skipped > 0 ? JSON.stringify(c.skipReasons) : null;
    this.st.saveCounts.run(c.rows, c.accepted, c.duplicates, c.rejected, c.skipped, batch.bytesRead, c.undated, reasons, this.importId);
    if (this.complaints > 0) this.mailStatements!.count.run(this.complaints, this.importId);
  }

  /** The batch's rows that are not bounces: counted, and rejected ones kept with their reason. */
  private countBatch(batch: PreparedBatch): void {
    const c = this.counts;
    c.rows += batch.rows;
    c.skipped += batch.skipped;
    c.undated += batch.undated;
    if (batch.skipped > 0) addSkipReasons(c.skipReasons, batch.skipReasons);
    c.rejected += batch.rejects.length;
    for (const r of batch.rejects) this.st.insertRejected.run(this.importId, r.line, r.column, r.reason, r.raw);
  }

  /** `hi`, `lo`: the dedupe key (KeyHashes). */
  private isDuplicate(hi: number, lo: number): boolean {
    if (!this.keys) return this.st.existsBounce.get(hi, lo) !== undefined;
    return !this.keys.add(hi, lo);
  }

  /** The subscriber of a bounce's address, in `subscribers`: met earlier in this import, stored before, or new. */
  private subscriberSlot(
    email: string,
    emailHash: number,
    domain: string,
    name: string | null,
    phone: string | null,
    company: string | null,
    category: string,
    ruleCategory: string,
    at: number,
    now: number,
  ): number {
    const slot = this.subscribers.slotOf(email, emailHash);
    if (slot >= 0) return slot;
    const known = this.keys ? undefined : (this.st.findSubscriber.get(email) as number | undefined);
    if (known !== undefined) return this.subscribers.add(email, known, true);
    const newId = this.nextId++;
    this.newSubscribers.add(newId, email, domain, name, phone, company, category, ruleCategory, at, at, now);
    this.flushUnlessBulk(this.newSubscribers);
    this.subscriberDays.add(category, at);
    // New subscribers are open, which counts as active.
    this.subscriberDomains?.add(category, domain, 1, 1);
    this.created = true;
    return this.subscribers.add(email, newId, false);
  }

  /** The batch's counts into the counter tables. */
  private flushTallies(): void {
    const { importId, st } = this;
    this.bounceDays.flush((day, category, n) => st.addBounceTally.run(day, importId, category, n));
    // Inserted open: their later bounces in this import, and people's changes, move them through the
    // update trigger, which stays.
    this.subscriberDays.flush((day, category, n) => st.addSubscriberTally.run(day, importId, category, "open", n));
    this.subscriberDomains?.flush((category, domain, total, active) => st.addDomainTally.run(category, domain, total, active));
  }

  /** Outside bulk mode, writes the row just added at once. */
  private flushUnlessBulk(rows: MultiRowInsert): void {
    if (!this.keys) rows.flush();
  }

  /** The smallest subscriber id still waiting in `newSubscribers` (ids are handed out in order). */
  private firstPendingId(): number {
    return this.nextId - this.newSubscribers.pending;
  }

  private emailOf(id: number): string | undefined {
    const pendingAt = id - this.firstPendingId();
    return pendingAt >= 0 ? (this.newSubscribers.peek(pendingAt, 1) as string) : (this.st.emailById.get(id) as string | undefined);
  }
}

/**
 * The inserts of an import's new subscribers and bounces, with the values `createBatchWriter` adds:
 * subscriber (id, email, domain, name, phone, company, category, ruleCategory, first, last, now),
 * bounce (subscriberId, line, occurredAt, category, categorySource, ruleId, ruleCategory, dsnStatus,
 * replyCode, diagnostic, remoteMta, exportCategory, keyHi, keyLo). Pending bounces are written after
 * the subscribers they refer to. Also what lib/ingest/bench/storage-floor.mts times.
 *
 * The import's id goes into the statements as a literal: the same for every row, it was bound
 * twice per row, turned into UTF-8 and copied each time: 55.5k -> 51.8k instructions per row of
 * the bulk writer (callgrind, lib/ingest/bench/writer-only.ts on 30,000 rows).
 */
export function newRowInserts(db: Database.Database, importId: string): { subscribers: MultiRowInsert; bounces: MultiRowInsert } {
  const id = importIdLiteral(importId);
  const subscribers = new MultiRowInsert(db, SUBSCRIBER_COLUMNS, SUBSCRIBER_VALUES.replace("@importId", id));
  const bounces = new MultiRowInsert(db, BOUNCE_COLUMNS, BOUNCE_VALUES.replace("@importId", id), undefined, () => subscribers.flush());
  return { subscribers, bounces };
}

/** At most this many entries are reserved up front for bulk mode's in-memory lookups; past it they grow. */
const MAX_RESERVED = 2_000_000;

const SUBSCRIBER_COLUMNS =
  "Subscriber (id, email, domain, name, phone, company, category, ruleCategory, status, firstBouncedAt, lastBouncedAt, bounceCount, lastImportId, updatedAt)";
const SUBSCRIBER_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, 1, @importId, ?)";
const BOUNCE_COLUMNS = `Bounce (subscriberId, importId, ${STORED_COLUMNS.join(", ")}, dedupeKey)`;
/**
 * Bounce.dedupeKey from its two 32-bit halves (KeyHashes keyHi, keyLo): SQLite makes the 64-bit
 * integer, which a JavaScript number cannot hold (a BigInt per row would cost an allocation).
 */
const STORED_KEY = "((? << 32) | (? & 4294967295))";
const BOUNCE_VALUES = `(?, @importId, ${STORED_COLUMNS.map(() => "?").join(", ")}, ${STORED_KEY})`;

/** An import id as an SQL literal. Ids are base64url (lib/ingest/upload/store.ts) or, for older imports, UUIDs. */
function importIdLiteral(id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`Unexpected import id ${JSON.stringify(id)}`);
  return `'${id}'`;
}

const ADD_SUBSCRIBER_TALLY =
  "INSERT INTO SubscriberTally (day, importId, category, status, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n";
const ADD_DOMAIN_TALLY =
  "INSERT INTO DomainTally (category, domain, total, active) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET total = total + excluded.total, active = active + excluded.active";

/** DomainTally changes per category and domain, summed in memory and handed on in one go. */
class DomainCounts {
  private readonly byCategory = new Map<string, Map<string, { total: number; active: number }>>();

  add(category: string, domain: string, total: number, active: number): void {
    let domains = this.byCategory.get(category);
    if (!domains) this.byCategory.set(category, (domains = new Map()));
    const entry = domains.get(domain);
    if (entry) {
      entry.total += total;
      entry.active += active;
    } else domains.set(domain, { total, active });
  }

  /** Hands on every change that is not zero and starts again from nothing. */
  flush(write: (category: string, domain: string, total: number, active: number) => void): void {
    for (const [category, domains] of this.byCategory) {
      for (const [domain, { total, active }] of domains) if (total !== 0 || active !== 0) write(category, domain, total, active);
    }
    this.byCategory.clear();
  }
}

/** Rows per category and tally day (lib/db/tallies.ts), counted in memory and handed on in one go. */
class DayCounts {
  private readonly byCategory = new Map<string, Map<number, number>>();

  add(category: string, at: number): void {
    let days = this.byCategory.get(category);
    if (!days) this.byCategory.set(category, (days = new Map()));
    const day = tallyDay(at);
    days.set(day, (days.get(day) ?? 0) + 1);
  }

  /** Hands on every count and starts again from zero. */
  flush(write: (day: number, category: string, n: number) => void): void {
    for (const [category, days] of this.byCategory) for (const [day, n] of days) write(day, category, n);
    this.byCategory.clear();
  }
}

function lastSubscriberId(db: Database.Database): number {
  const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'Subscriber'").pluck().get() as number | undefined;
  const max = db.prepare("SELECT max(id) FROM Subscriber").pluck().get() as number | null;
  return Math.max(seq ?? 0, max ?? 0);
}

/**
 * New subscribers' rows take the import's count, first and latest bounce. Known ones are merged; every
 * expression of an UPDATE sees the old row, so the CASEs compare the import's latest bounce with the
 * subscriber's previous one: a newer bounce moves the subscriber to its category and reopens a
 * recovered subscriber, or an in-progress one whose category (so checklist) changed.
 *
 * The merges run without the two update triggers on Subscriber, dropped and recreated inside this
 * one transaction (so no other connection ever sees them missing): with a trigger on the table,
 * SQLite journals each UPDATE apart (lib/ingest/fast/bulk-indexes.ts says why), and 100,000 known
 * subscribers took 5.1 s to merge, 3.5–3.7 s without (measured into a 1,000,000-row database). Their
 * moves between tally rows are counted here instead, from each row read before and after its UPDATE,
 * so SQLite's own CASEs decide and nothing of them is repeated in JavaScript (RETURNING would save
 * the second read, but it too made every UPDATE journaled: 5.3 s). `countDomains`: false in bulk
 * mode, where DomainTally is recounted at the end.
 */
function writeSubscribers(db: Database.Database, importId: string, subscribers: ImportSubscribers, countDomains: boolean): void {
  const setNew = db.prepare(`
    UPDATE Subscriber SET bounceCount = ?, firstBouncedAt = ?, lastBouncedAt = ?, category = ?, ruleCategory = ? WHERE id = ?`);
  const now = Date.now();
  const known: SubscriberSummary[] = [];
  for (const s of subscribers.unwritten()) {
    if (s.existing) known.push(s);
    else setNew.run(s.bounces, s.first, s.last, s.category, s.ruleCategory, s.id);
  }
  if (known.length === 0) return;

  const triggers = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('Subscriber_tally_update', 'Subscriber_domain_tally_update')`)
    .all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  const before = db.prepare("SELECT lastBouncedAt, lastImportId, category, status, domain FROM Subscriber WHERE id = ?");
  const merge = db.prepare(`
    UPDATE Subscriber SET
      bounceCount = bounceCount + @bounces,
      firstBouncedAt = min(firstBouncedAt, @first),
      status = CASE
        WHEN @last < lastBouncedAt THEN status
        WHEN status = 'recovered' THEN 'open'
        WHEN status = 'in_progress' AND category <> @category THEN 'open'
        ELSE status END,
      statusManual = CASE WHEN @last >= lastBouncedAt AND status = 'recovered' THEN 0 ELSE statusManual END,
      category = CASE WHEN @last >= lastBouncedAt THEN @category ELSE category END,
      ruleCategory = CASE WHEN @last >= lastBouncedAt THEN @ruleCategory ELSE ruleCategory END,
      lastImportId = CASE WHEN @last >= lastBouncedAt THEN @importId ELSE lastImportId END,
      lastBouncedAt = max(lastBouncedAt, @last),
      updatedAt = @now
    WHERE id = @id`);
  const moves = new TallyMoves();
  for (const { id, bounces, first, last, category, ruleCategory } of known) {
    const was = before.get(id) as TallyKey | undefined;
    if (!was) continue; // deleted by someone meanwhile (the import's own bounces went with it)
    merge.run({ id, bounces, first, last, category, ruleCategory, importId, now });
    moves.move(was, before.get(id) as TallyKey, countDomains);
  }
  moves.write(db);
  for (const t of triggers) db.exec(t.sql);
}

/** What a subscriber's tally rows depend on (lib/db/tallies.ts). */
interface TallyKey {
  lastBouncedAt: number;
  lastImportId: string;
  category: string;
  status: string;
  domain: string;
}

const isActive = (status: string) => (status === "open" || status === "in_progress" ? 1 : 0);

/** SubscriberTally and DomainTally changes, summed per row, as the update triggers would have made them. */
class TallyMoves {
  private readonly subscriber = new Map<string, { key: [number, string, string, string]; n: number }>();
  private readonly domain = new DomainCounts();

  move(from: TallyKey, to: TallyKey, countDomains: boolean): void {
    this.addSubscriber(from, -1);
    this.addSubscriber(to, 1);
    if (!countDomains) return;
    this.domain.add(from.category, from.domain, -1, -isActive(from.status));
    this.domain.add(to.category, to.domain, 1, isActive(to.status));
  }

  write(db: Database.Database): void {
    const sub = db.prepare(ADD_SUBSCRIBER_TALLY);
    for (const { key, n } of this.subscriber.values()) if (n !== 0) sub.run(...key, n);
    const dom = db.prepare(ADD_DOMAIN_TALLY);
    this.domain.flush((category, domain, total, active) => dom.run(category, domain, total, active));
  }

  private addSubscriber(k: TallyKey, n: number): void {
    const day = tallyDay(k.lastBouncedAt);
    const id = `${day}\u0000${k.lastImportId}\u0000${k.category}\u0000${k.status}`;
    const entry = this.subscriber.get(id);
    if (entry) entry.n += n;
    else this.subscriber.set(id, { key: [day, k.lastImportId, k.category, k.status], n });
  }
}
