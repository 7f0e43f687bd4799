/**
 * Crash safety: a real import process (lib/ingest/tests/helpers/import-queue-child.ts, the server's queue in a
 * process of its own) is SIGKILLed while it imports a big file: at 30% of its rows, with every row
 * written but before it is done, while it rebuilds its indexes, and while the next process rolls the
 * interrupted attempt back. After each kill, with nothing running, the killed import's subscribers
 * are read-only and the others can be worked on; a fresh process then recovers, and nothing is
 * doubled, lost or changed that should not be.
 *
 * Each case starts from a copy of one database holding a first, finished import. The app's modules
 * are loaded afresh for each copy (they read DATABASE_URL once).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createMigratedDatabase } from "@/lib/db/migration-files";

/** Rows of the first import. The first OVERLAP of its addresses (again…) bounce again in the second. */
const FIRST_ROWS = 20_000;
/** Rows of the big import that gets killed: mostly new addresses, every 20th one from the first file. */
const SECOND_ROWS = 120_000;
const OVERLAP = SECOND_ROWS / 20;

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-crash-"));
const TEMPLATE = path.join(ROOT, "template");
const FIRST_FILE = path.join(ROOT, "first.csv");
/** A first pass of a rolling import, before the big file is appended to it as a second. */
const PASS_FILE = path.join(ROOT, "pass.csv");
const PASS_ROWS = 1_000;
const SECOND_FILE = path.join(ROOT, "second.csv");
const PROJECT = path.resolve(__dirname, "../../..");
const CHILD_SCRIPT = path.join(__dirname, "helpers/import-queue-child.ts");

// Every wait is bounded (the machine may be busy: generous, but never endless).
const IMPORT_LIMIT_MS = 90_000;
const KILL_LIMIT_MS = 10_000;

// Two of three rows are in categories with a subscriber step (bad-mailbox, quota-issues).
const REPLIES = [
  ["5.1.1", "550 5.1.1 user unknown"],
  ["5.2.2", "552 5.2.2 mailbox full"],
  ["4.4.7", "421 4.4.7 message expired"],
] as const;

function writeCsv(file: string, rows: number, row: (i: number) => string): void {
  const fd = fs.openSync(file, "w");
  let chunk = "email,date,status,diagnostic\n";
  for (let i = 0; i < rows; i++) {
    chunk += `${row(i)}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = "";
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

const JANUARY = Date.UTC(2026, 0, 1);
const MARCH = Date.UTC(2026, 2, 1);
/** Address j of the first file: those the second file brings again are "again…", the others "old…". */
const firstAddress = (j: number) => `${j < OVERLAP ? "again" : "old"}${j}@d${j % 500}.example`;
const line = (email: string, at: number, reply: number) => `${email},${new Date(at).toISOString()},${REPLIES[reply % 3].join(",")}`;

function writeFiles(): void {
  writeCsv(FIRST_FILE, FIRST_ROWS, (j) => line(firstAddress(j), JANUARY + j * 1000, j));
  writeCsv(PASS_FILE, PASS_ROWS, (j) => line(`pass${j}@p${j % 50}.example`, JANUARY + j * 1000, j));
  // A known address bounces again later, with its first reply (so in the same category).
  writeCsv(SECOND_FILE, SECOND_ROWS, (i) => {
    if (i % 20 === 10) {
      const j = (i - 10) / 20;
      return line(firstAddress(j), MARCH + i * 1000, j);
    }
    return line(`new${i}@n${i % 2000}.example`, MARCH + i * 1000, i);
  });
}

// ---- The import process -------------------------------------------------------------------------

interface Child {
  proc: ChildProcess;
  exited: Promise<number | null>;
  hasExited: () => boolean;
  output: () => string;
  /** The import it queued (with a file). */
  queued: Promise<string>;
}

const children = new Set<Child>();

/** `rollingKey`: the file is a pass appended to that rolling import. */
function startChild(dir: string, file?: string, rollingKey?: string): Child {
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "rebound.db")}`, DATA_DIR: dir };
  const args = [CHILD_SCRIPT, ...(file ? [file] : []), ...(rollingKey ? [rollingKey] : [])];
  const proc = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: PROJECT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let exited = false;
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  const child: Child = {
    proc,
    exited: new Promise((resolve) =>
      proc.once("exit", (code) => {
        exited = true;
        children.delete(child);
        resolve(code);
      }),
    ),
    hasExited: () => exited,
    output: () => output,
    queued: new Promise((resolve, reject) => {
      proc.stdout!.on("data", () => {
        const id = /^queued (\S+)$/m.exec(output)?.[1];
        if (id) resolve(id);
      });
      proc.once("exit", () => reject(new Error(`the import process ended without queueing: ${output}`)));
    }),
  };
  // Only a process given a file queues one: the others' promise rejects unwatched.
  child.queued.catch(() => {});
  children.add(child);
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function sigkill(child: Child): Promise<void> {
  child.proc.kill("SIGKILL");
  await bounded(child.exited, KILL_LIMIT_MS, "the killed import process");
}

/** Waits for the process to work through the queue and exit. */
async function runToEnd(child: Child): Promise<void> {
  const code = await bounded(child.exited, IMPORT_LIMIT_MS, "the import process").catch(async (error) => {
    await sigkill(child);
    throw error;
  });
  expect(code, child.output()).toBe(0);
}

/** Polls the database (from this process) and kills the child the moment `ready` holds. */
async function killWhen(child: Child, what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + IMPORT_LIMIT_MS;
  while (!ready()) {
    if (child.hasExited()) throw new Error(`The import process ended before ${what}: ${child.output()}`);
    if (Date.now() > deadline) {
      await sigkill(child);
      throw new Error(`No ${what} within ${IMPORT_LIMIT_MS} ms`);
    }
    await sleep(5);
  }
  await sigkill(child);
}

// ---- One database per case --------------------------------------------------------------------

/** The app's modules, loaded for the database in `dir`. */
async function appFor(dir: string) {
  process.env.DATABASE_URL = `file:${path.join(dir, "rebound.db")}`;
  process.env.DATA_DIR = dir;
  vi.resetModules();
  const [updates, tasks, arriving, tallies, checklist, bulk, sqlite, prisma] = await Promise.all([
    import("@/lib/queries/subscriber-updates"),
    import("@/lib/queries/tasks"),
    import("@/lib/queries/arriving"),
    import("@/lib/db/tallies"),
    import("@/lib/tasks/checklist"),
    import("@/lib/ingest/fast/bulk-indexes"),
    import("@/lib/db/sqlite"),
    import("@/lib/db/prisma"),
  ]);
  return {
    ...updates,
    ...tasks,
    ...arriving,
    ...tallies,
    ...checklist,
    ...bulk,
    close: async () => {
      sqlite.sqlite().close();
      await prisma.prisma().$disconnect();
    },
  };
}

type App = Awaited<ReturnType<typeof appFor>>;

interface Case {
  dir: string;
  app: App;
  /** This process's own connection, to watch the import and read what is stored. */
  db: Database.Database;
  firstImportId: string;
  before: Snapshot;
  edits: Edit[];
}

let openCase: Case | null = null;

async function newCase(name: string): Promise<Case> {
  const dir = path.join(ROOT, name);
  fs.cpSync(TEMPLATE, dir, { recursive: true });
  const db = new Database(path.join(dir, "rebound.db"), { timeout: 5_000 });
  const firstImportId = db.prepare("SELECT id FROM Import").pluck().get() as string;
  openCase = { dir, app: await appFor(dir), db, firstImportId, before: snapshot(db, firstImportId), edits: [] };
  return openCase;
}

/** Rows of the first import that the second never touches, exactly as stored (64-bit keys whole). */
interface Snapshot {
  importRow: string[];
  bounces: string[];
  subscribers: string[];
}

function dump(db: Database.Database, sql: string, ...params: unknown[]): string[] {
  const rows = db
    .prepare(sql)
    .safeIntegers(true)
    .raw()
    .all(...params) as unknown[][];
  return rows.map((r) => JSON.stringify(r, (_, v) => (typeof v === "bigint" ? `${v}n` : v)));
}

function snapshot(db: Database.Database, firstImportId: string): Snapshot {
  return {
    importRow: dump(db, "SELECT * FROM Import WHERE id = ?", firstImportId),
    bounces: dump(db, "SELECT * FROM Bounce WHERE importId = ? ORDER BY id", firstImportId),
    subscribers: dump(db, "SELECT * FROM Subscriber WHERE email LIKE 'old%' ORDER BY id"),
  };
}

interface ImportState {
  status: string;
  rows: number;
  bytesProcessed: number;
  size: number;
  rollbackProgress: number | null;
  firstSubscriberId: number | null;
}

const importState = (c: Case, id: string) =>
  c.db.prepare("SELECT status, rows, bytesProcessed, size, rollbackProgress, firstSubscriberId FROM Import WHERE id = ?").get(id) as ImportState;
const droppedIndexesSaved = (c: Case) => c.db.prepare("SELECT count(*) FROM Setting WHERE key = 'ingest.droppedIndexes'").pluck().get() === 1;
const bulkIndexesPresent = (c: Case) =>
  c.db
    .prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN (${c.app.BULK_INDEXES.map(() => "?").join(", ")})`)
    .pluck()
    .get(...c.app.BULK_INDEXES) as number;
const count = (c: Case, sql: string, ...params: unknown[]) =>
  c.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

// ---- After a kill, with nothing running -------------------------------------------------------

interface Edit {
  id: number;
  note: string;
  reason: string;
}

/**
 * The killed import's subscribers cannot be changed; one known before it can (a tick, a note, a
 * status), and its changes are stored at once.
 */
async function workWhileInterrupted(c: Case, importId: string, known: string, label: string): Promise<void> {
  const { app } = c;
  const state = importState(c, importId);
  expect(["processing", "rolling_back"]).toContain(state.status);

  const phantom = c.db
    .prepare("SELECT id, domain, category, lastImportId FROM Subscriber WHERE id >= ? AND category = 'bad-mailbox' ORDER BY id LIMIT 1")
    .get(state.firstSubscriberId) as { id: number; domain: string; category: string; lastImportId: string } | undefined;
  expect(phantom, "a subscriber of the killed import").toBeDefined();
  const phantomTask = app.encodeTaskId(app.tasksForSubscriber(phantom!).find((t) => t.scope === "subscriber")!);
  await expect(app.updateSubscriber(phantom!.id, { name: "Lost" }, "Ana")).rejects.toBeInstanceOf(app.SubscriberArrivingError);
  await expect(app.updateTask(phantomTask, { done: true, actor: "Ana" })).rejects.toBeInstanceOf(app.SubscriberArrivingError);
  await expect(app.addSubscriberNote(phantom!.id, "Lost note", "Ana")).rejects.toBeInstanceOf(app.SubscriberArrivingError);
  expect(c.db.prepare("SELECT name FROM Subscriber WHERE id = ?").pluck().get(phantom!.id)).toBeNull();
  expect(count(c, "SELECT count(*) FROM TaskState WHERE scope = 'subscriber' AND target = ?", String(phantom!.id))).toBe(0);
  expect(count(c, "SELECT count(*) FROM Event WHERE subjectType = 'subscriber' AND subjectId = ?", String(phantom!.id))).toBe(0);

  const id = c.db.prepare("SELECT id FROM Subscriber WHERE email = ?").pluck().get(known) as number;
  expect(id).toBeLessThan(state.firstSubscriberId!);
  const edit = { id, note: `Called them (${label})`, reason: `Mailbox closed for good (${label})` };
  const tick = await app.updateTask(`subscriber~${id}~bad-mailbox~phone-subscriber`, { done: true, actor: "Ana" });
  expect(tick).toMatchObject({ done: true, doneBy: "Ana" });
  expect(await app.addSubscriberNote(id, edit.note, "Ana")).toBe(true);
  expect(await app.updateSubscriber(id, { status: "unrecoverable", statusReason: edit.reason }, "Ana")).toBe(true);
  c.edits.push(edit);
  expectEditsKept(c);
}

function expectEditsKept(c: Case): void {
  for (const e of c.edits) {
    expect(c.db.prepare("SELECT status, statusReason FROM Subscriber WHERE id = ?").get(e.id)).toEqual({ status: "unrecoverable", statusReason: e.reason });
    expect(
      c.db
        .prepare("SELECT done, doneBy FROM TaskState WHERE scope = 'subscriber' AND target = ? AND category = 'bad-mailbox' AND step = 'phone-subscriber'")
        .get(String(e.id)),
    ).toEqual({ done: 1, doneBy: "Ana" });
    expect(
      count(c, "SELECT count(*) FROM Event WHERE subjectType = 'subscriber' AND subjectId = ? AND action = 'note' AND detail = ?", String(e.id), e.note),
    ).toBe(1);
  }
}

// ---- After recovery ---------------------------------------------------------------------------

/** A fresh process recovers the interrupted import to done; then everything adds up. */
async function recoverAndCheck(c: Case, importId: string): Promise<void> {
  await runToEnd(startChild(c.dir));

  expect(c.db.prepare("SELECT status, rows, accepted, duplicates, rejected FROM Import WHERE id = ?").get(importId)).toEqual({
    status: "done",
    rows: SECOND_ROWS,
    accepted: SECOND_ROWS,
    duplicates: 0,
    rejected: 0,
  });
  // No bounce doubled or lost, each address once.
  expect(count(c, "SELECT count(*) FROM Bounce")).toBe(FIRST_ROWS + SECOND_ROWS);
  expect(count(c, "SELECT count(DISTINCT dedupeKey) FROM Bounce")).toBe(FIRST_ROWS + SECOND_ROWS);
  expect(count(c, "SELECT count(*) FROM Bounce WHERE importId = ?", importId)).toBe(SECOND_ROWS);
  expect(count(c, "SELECT count(*) FROM Subscriber")).toBe(FIRST_ROWS + SECOND_ROWS - OVERLAP);
  expect(count(c, "SELECT count(DISTINCT email) FROM Subscriber")).toBe(FIRST_ROWS + SECOND_ROWS - OVERLAP);
  expect(count(c, "SELECT sum(bounceCount) FROM Subscriber")).toBe(FIRST_ROWS + SECOND_ROWS);
  expect(count(c, "SELECT count(*) FROM Subscriber WHERE email LIKE 'again%' AND bounceCount = 2 AND lastImportId = ?", importId)).toBe(OVERLAP);
  expect(c.app.tallyDrift(c.db)).toEqual([]);
  // What it dropped is back.
  expect(bulkIndexesPresent(c)).toBe(c.app.BULK_INDEXES.length);
  expect(droppedIndexesSaved(c)).toBe(false);
  const triggers = c.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all();
  expect(triggers).toEqual(expect.arrayContaining([...c.app.TALLY_TRIGGERS]));

  // The first import's rows are as they were; the person's work is kept, and points at live rows.
  expect(snapshot(c.db, c.firstImportId)).toEqual(c.before);
  expectEditsKept(c);
  expect(count(c, "SELECT count(*) FROM Event WHERE subjectType = 'subscriber' AND CAST(subjectId AS INTEGER) NOT IN (SELECT id FROM Subscriber)")).toBe(0);
  expect(count(c, "SELECT count(*) FROM TaskState WHERE scope = 'subscriber' AND CAST(target AS INTEGER) NOT IN (SELECT id FROM Subscriber)")).toBe(0);

  // The same file again: every row a duplicate.
  const again = startChild(c.dir, SECOND_FILE);
  const againId = await bounded(again.queued, IMPORT_LIMIT_MS, "queueing the file again");
  await runToEnd(again);
  expect(c.db.prepare("SELECT status, rows, accepted, duplicates FROM Import WHERE id = ?").get(againId)).toEqual({
    status: "done",
    rows: SECOND_ROWS,
    accepted: 0,
    duplicates: SECOND_ROWS,
  });
  expect(count(c, "SELECT count(*) FROM Bounce")).toBe(FIRST_ROWS + SECOND_ROWS);
}

// ---- The cases --------------------------------------------------------------------------------

beforeAll(async () => {
  writeFiles();
  fs.mkdirSync(TEMPLATE);
  createMigratedDatabase(path.join(TEMPLATE, "rebound.db"));
  await runToEnd(startChild(TEMPLATE, FIRST_FILE));
}, IMPORT_LIMIT_MS + 30_000);

afterEach(async () => {
  for (const child of children) await sigkill(child);
  if (openCase) {
    openCase.db.close();
    await openCase.app.close();
    openCase = null;
  }
});

afterAll(() => fs.rmSync(ROOT, { recursive: true, force: true }));

/** Starts importing the big file in a process of its own. */
async function startBigImport(c: Case): Promise<{ child: Child; importId: string }> {
  const child = startChild(c.dir, SECOND_FILE);
  return { child, importId: await bounded(child.queued, IMPORT_LIMIT_MS, "queueing the big file") };
}

const CASE_LIMIT_MS = 240_000;

describe("an import process killed", () => {
  it(
    "at 30% of its rows",
    async () => {
      const c = await newCase("at-30");
      const { child, importId } = await startBigImport(c);
      await killWhen(child, "30% of the rows", () => {
        const s = importState(c, importId);
        return s.status === "processing" && s.bytesProcessed >= 0.3 * s.size;
      });
      const s = importState(c, importId);
      expect(s.rows).toBeGreaterThan(0);
      expect(s.rows).toBeLessThan(SECOND_ROWS);
      await workWhileInterrupted(c, importId, "again0@d0.example", "at 30%");
      await recoverAndCheck(c, importId);
    },
    CASE_LIMIT_MS,
  );

  it(
    "with every row written but not done, and again while the next process rolls it back",
    async () => {
      const c = await newCase("at-100");
      const { child, importId } = await startBigImport(c);
      await killWhen(child, "every row written before the index rebuild", () => {
        const s = importState(c, importId);
        return s.status === "processing" && s.rows === SECOND_ROWS && droppedIndexesSaved(c) && bulkIndexesPresent(c) === 0;
      });
      expect(droppedIndexesSaved(c)).toBe(true);
      await workWhileInterrupted(c, importId, "again3@d3.example", "at 100%");

      const recovering = startChild(c.dir);
      await killWhen(recovering, "a rollback under way", () => {
        const s = importState(c, importId);
        return s.status === "rolling_back" && (s.rollbackProgress ?? 0) > 0.2;
      });
      const s = importState(c, importId);
      expect(s.rollbackProgress).toBeLessThan(1);
      await workWhileInterrupted(c, importId, "again6@d6.example", "during the rollback");
      await recoverAndCheck(c, importId);
    },
    CASE_LIMIT_MS + IMPORT_LIMIT_MS,
  );

  it(
    "while it rebuilds its indexes",
    async () => {
      const c = await newCase("in-rebuild");
      const { child, importId } = await startBigImport(c);
      await killWhen(child, "the index rebuild", () => {
        const s = importState(c, importId);
        const rebuilt = bulkIndexesPresent(c);
        return s.status === "processing" && s.rows === SECOND_ROWS && droppedIndexesSaved(c) && rebuilt > 0 && rebuilt < c.app.BULK_INDEXES.length;
      });
      expect(droppedIndexesSaved(c)).toBe(true);
      await workWhileInterrupted(c, importId, "again9@d9.example", "in the index rebuild");
      await recoverAndCheck(c, importId);
    },
    CASE_LIMIT_MS,
  );

  it(
    "while it appends a second pass to a rolling import: recovery takes back that pass alone, then appends it",
    async () => {
      const c = await newCase("append");
      const KEY = "webhook:crash-test:2026-03-01";
      await runToEnd(startChild(c.dir, PASS_FILE, KEY));
      const rollingId = c.db.prepare("SELECT id FROM Import WHERE rollingKey = ?").pluck().get(KEY) as string;
      const rollingRow = () => dump(c.db, "SELECT * FROM Import WHERE id = ?", rollingId);
      const rollingBounces = () => dump(c.db, "SELECT * FROM Bounce WHERE importId = ? ORDER BY id", rollingId);
      const firstPass = { row: rollingRow(), bounces: rollingBounces() };
      expect(c.db.prepare("SELECT passes, rows, accepted FROM Import WHERE id = ?").get(rollingId)).toEqual({
        passes: 1,
        rows: PASS_ROWS,
        accepted: PASS_ROWS,
      });

      const child = startChild(c.dir, SECOND_FILE, KEY);
      const passId = await bounded(child.queued, IMPORT_LIMIT_MS, "queueing the second pass");
      await killWhen(child, "30% of the second pass", () => {
        const s = importState(c, passId);
        return s.status === "processing" && s.bytesProcessed >= 0.3 * s.size;
      });
      expect(importState(c, passId).rows).toBeGreaterThan(0);
      // The first pass is untouched while the second lies half-written.
      expect({ row: rollingRow(), bounces: rollingBounces() }).toEqual(firstPass);
      await workWhileInterrupted(c, passId, "again0@d0.example", "in the second pass");

      await runToEnd(startChild(c.dir));
      expect(c.db.prepare("SELECT status FROM Import WHERE id = ?").pluck().get(passId)).toBe("merged");
      expect(c.db.prepare("SELECT passes, rows, accepted, duplicates, rejected FROM Import WHERE id = ?").get(rollingId)).toEqual({
        passes: 2,
        rows: PASS_ROWS + SECOND_ROWS,
        accepted: PASS_ROWS + SECOND_ROWS,
        duplicates: 0,
        rejected: 0,
      });
      // The first pass's bounces are as they were; the second's are there once each, under the rolling import.
      expect(rollingBounces().slice(0, PASS_ROWS)).toEqual(firstPass.bounces);
      expect(count(c, "SELECT count(*) FROM Bounce")).toBe(FIRST_ROWS + PASS_ROWS + SECOND_ROWS);
      expect(count(c, "SELECT count(DISTINCT dedupeKey) FROM Bounce")).toBe(FIRST_ROWS + PASS_ROWS + SECOND_ROWS);
      expect(count(c, "SELECT count(*) FROM Bounce WHERE importId = ?", rollingId)).toBe(PASS_ROWS + SECOND_ROWS);
      expect(count(c, "SELECT count(*) FROM Bounce WHERE importId = ?", passId)).toBe(0);
      expect(count(c, "SELECT count(*) FROM Subscriber WHERE lastImportId = ?", passId)).toBe(0);
      expect(count(c, "SELECT count(*) FROM Subscriber WHERE email LIKE 'again%' AND bounceCount = 2 AND lastImportId = ?", rollingId)).toBe(OVERLAP);
      expect(c.app.tallyDrift(c.db)).toEqual([]);
      expect(snapshot(c.db, c.firstImportId)).toEqual(c.before);
      expectEditsKept(c);
    },
    CASE_LIMIT_MS,
  );
});
