import "server-only";
import { STEPS, stepLabel, type StepScope } from "../categories";
import { prisma } from "../db/prisma";
import { reader } from "../db/reader";
import { sqlite } from "../db/sqlite";
import { encodeTaskId, tasksForSubscriber } from "../tasks/checklist";
import { getPlatformName } from "./settings";
import { describeCorrections } from "./corrections";
import { CORRECTED_SUBSCRIBERS, DELIVERING_AGAIN, filterSql } from "./subscriber-sql";
import { remember } from "../db/memo";
import { topicsOf } from "./memo-topics";
import { withIndexHint } from "../db/index-hint";

export { SORTS, subscriberFilterSchema, parseSubscriberFilter, type SubscriberFilter } from "../validation/subscriber-filter";
import type { SubscriberFilter } from "../validation/subscriber-filter";

export type ListFilter = Pick<
  SubscriberFilter,
  "category" | "q" | "status" | "domain" | "disputed" | "corrected" | "delivering" | "range" | "from" | "to" | "imports"
>;

/** Within a category, sorts and filters that no other index serves read only this one (see the schema). */
const LIST_INDEX = "Subscriber_category_email_bounceCount_lastBouncedAt_status_ruleCategory_domain_idx";

/**
 * Whether to pin the list index. Otherwise SQLite may pick an index that gives the order (category +
 * lastBouncedAt or domain) and read a table row per entry to test ruleCategory: the disputed filter,
 * usually rare, then reads the whole category. With `q` or a domain, the range seeks win.
 */
function wantsListIndex(f: ListFilter & Pick<SubscriberFilter, "sort">): boolean {
  if (!f.category || f.q || f.domain) return false;
  const key = f.sort.replace(/^-/, "");
  return key === "email" || key === "bounceCount" || Boolean(f.disputed);
}

function orderSql(sort: SubscriberFilter["sort"]): string {
  const desc = sort.startsWith("-");
  const field = desc ? sort.slice(1) : sort; // one of SORTS: safe to inline
  const dir = desc ? "DESC" : "ASC";
  return field === "email" ? `s.email ${dir}` : `s.${field} ${dir}, s.email ASC`;
}

export interface SubscriberListItem {
  id: number;
  email: string;
  domain: string;
  name: string | null;
  category: string;
  ruleCategory: string;
  status: string;
  lastBouncedAt: string;
  bounceCount: number;
  assignee: string | null;
}

type ListRow = Omit<SubscriberListItem, "lastBouncedAt"> & { lastBouncedAt: number };

/**
 * An exact count(*), remembered until a write touches its category (or, when it reads statuses, the
 * work on it): counting a whole category reads 100,000 index entries, and paging or sorting it asks again.
 */
function cachedCount(category: string | undefined, readsWork: boolean, sql: string, params: (string | number)[]): Promise<number> {
  return remember(
    sqlite(),
    JSON.stringify(["count", sql, params]),
    topicsOf(category, readsWork),
    async () => (await reader().pluck<number>(sql, params)) ?? 0,
  );
}

/**
 * One page of the list and the count of all matching rows, in raw SQL: the page's ids first, from an
 * index wherever one holds every column needed (then skipped OFFSET rows cost no table reads), and
 * only then those 50 rows.
 */
export async function listSubscribers(f: SubscriberFilter) {
  const db = sqlite();
  const where = filterSql(f);
  const order = orderSql(f.sort);
  const index = wantsListIndex(f) ? LIST_INDEX : null;
  const params = [...where.params, f.pageSize, (f.page - 1) * f.pageSize];
  const [rows, count] = await Promise.all([
    withIndexHint(db, index, (hint) => {
      const sql = `SELECT s.id, s.email, s.domain, s.name, s.category, s.ruleCategory, s.status, s.lastBouncedAt, s.bounceCount, s.assignee
       FROM Subscriber s
       WHERE s.id IN (SELECT s.id FROM Subscriber s ${hint} WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?)
       ORDER BY ${order}`;
      // The first pages of a category are asked again and again by everyone working it.
      return remember(db, JSON.stringify(["list", sql, params]), topicsOf(f.category, true), () => reader().all<ListRow>(sql, params));
    }),
    // Only the list index has ruleCategory.
    withIndexHint(db, f.disputed ? index : null, (hint) =>
      cachedCount(f.category, Boolean(f.status || f.delivering), `SELECT count(*) FROM Subscriber s ${hint} WHERE ${where.sql}`, where.params),
    ),
  ]);
  const data: SubscriberListItem[] = rows.map((r) => ({ ...r, lastBouncedAt: new Date(r.lastBouncedAt).toISOString() }));
  return { data, count, page: f.page, pageSize: f.pageSize };
}

export interface TaskView {
  id: string;
  step: string;
  label: string;
  hint: string;
  scope: StepScope;
  target: string;
  done: boolean;
  doneAt: string | null;
  doneBy: string | null;
  note: string | null;
  /** For shared tasks: how many subscribers this one tick covers. */
  sharedWith: number | null;
}

/**
 * A bounce whose row had no date is stored with its import's upload time, to the millisecond
 * (lib/ingest/pipeline/prepare.ts), and the import counts such rows. A row whose own date falls on that very
 * millisecond is not a case worth a column per bounce.
 */
function isDatedAtImport(occurredAt: number, from: { createdAt: number; undated: number }): boolean {
  return from.undated > 0 && occurredAt === from.createdAt;
}

interface SubscriberRow {
  id: number;
  email: string;
  domain: string;
  name: string | null;
  phone: string | null;
  company: string | null;
  category: string;
  status: string;
  statusReason: string | null;
  assignee: string | null;
  firstBouncedAt: number;
  lastBouncedAt: number;
  lastDeliveredAt: number | null;
  bounceCount: number;
  lastImportId: string;
}

interface BounceRow {
  id: number;
  occurredAt: number;
  category: string;
  categorySource: string;
  ruleId: string;
  ruleCategory: string;
  exportCategory: string | null;
  dsnStatus: string | null;
  replyCode: number | null;
  diagnostic: string | null;
  remoteMta: string | null;
  importId: string;
  line: number;
  fileName: string;
  importCreatedAt: number;
  undated: number;
  format: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function getSubscriber(id: number) {
  const r = reader();
  const [s, bounces] = await Promise.all([
    r.get<SubscriberRow>(
      `SELECT id, email, domain, name, phone, company, category, status, statusReason, assignee, firstBouncedAt, lastBouncedAt,
        lastDeliveredAt, bounceCount, lastImportId FROM Subscriber WHERE id = ?`,
      [id],
    ),
    r.all<BounceRow>(
      `SELECT b.id, b.occurredAt, b.category, b.categorySource, b.ruleId, b.ruleCategory, b.exportCategory, b.dsnStatus, b.replyCode,
        b.diagnostic, b.remoteMta, b.importId, b.line, i.fileName, i.createdAt AS importCreatedAt, i.undated, i.format
      FROM Bounce b JOIN Import i ON i.id = b.importId WHERE b.subscriberId = ? ORDER BY b.occurredAt DESC, b.id DESC`,
      [id],
    ),
  ]);
  if (!s) return null;
  const [emails, tasks, corrections] = await Promise.all([
    bounceEmailsOf(bounces),
    getChecklist(s),
    describeCorrections(bounces.filter((b) => b.categorySource === "team").map((b) => b.ruleId)),
  ]);
  return {
    id: s.id,
    email: s.email,
    domain: s.domain,
    name: s.name,
    phone: s.phone,
    company: s.company,
    category: s.category,
    status: s.status,
    statusReason: s.statusReason,
    assignee: s.assignee,
    firstBouncedAt: iso(s.firstBouncedAt),
    lastBouncedAt: iso(s.lastBouncedAt),
    /** A webhook's latest delivery to the address, when it came after the last bounce: mail gets through again. */
    deliveredSince: s.lastDeliveredAt !== null && s.lastDeliveredAt > s.lastBouncedAt ? iso(s.lastDeliveredAt) : null,
    bounceCount: s.bounceCount,
    lastImportId: s.lastImportId,
    bounces: bounces.map((b) => ({
      id: b.id,
      occurredAt: iso(b.occurredAt),
      category: b.category,
      categorySource: b.categorySource as "team" | "export" | "rule",
      ruleId: b.ruleId,
      ruleCategory: b.ruleCategory,
      exportCategory: b.exportCategory,
      /** Who corrected it and how far the correction reaches, when the team decided. */
      correction: (b.categorySource === "team" && corrections.get(b.ruleId)) || null,
      dsnStatus: b.dsnStatus,
      replyCode: b.replyCode,
      diagnostic: b.diagnostic,
      remoteMta: b.remoteMta,
      importId: b.importId,
      importFileName: b.fileName,
      line: b.line,
      dateUnknown: isDatedAtImport(b.occurredAt, { createdAt: b.importCreatedAt, undated: b.undated }),
      /** The bounce email it was read from, when the upload was bounce emails (its line is the message's number). */
      email: emails.get(`${b.importId}:${b.line}`) ?? null,
    })),
    tasks,
  };
}
/** The bounce emails behind these bounces, by "importId:messageNo": only imports of bounce emails have any. */
async function bounceEmailsOf(bounces: { importId: string; line: number; format: string | null }[]) {
  const wanted = bounces.filter((b) => b.format === "mail").map((b) => ({ importId: b.importId, messageNo: b.line }));
  const found = new Map<
    string,
    { file: string | null; messageNo: number; subject: string | null; messageId: string | null; sentAt: string | null; raw: string; rawCut: boolean }
  >();
  if (wanted.length === 0) return found;
  const rows = await prisma().bounceEmail.findMany({ where: { OR: wanted.slice(0, 500) } });
  for (const r of rows) {
    found.set(`${r.importId}:${r.messageNo}`, {
      file: r.file,
      messageNo: r.messageNo,
      subject: r.subject,
      messageId: r.messageId,
      sentAt: r.sentAt ? r.sentAt.toISOString() : null,
      raw: r.raw,
      rawCut: r.rawCut,
    });
  }
  return found;
}

export type SubscriberDetail = NonNullable<Awaited<ReturnType<typeof getSubscriber>>>;

async function getChecklist(s: { id: number; domain: string; category: string; lastImportId: string }): Promise<TaskView[]> {
  const refs = tasksForSubscriber(s);
  if (refs.length === 0) return [];
  // How many subscribers a shared tick covers: counting a campaign's may read 100,000 index entries.
  const share = (column: "domain" | "lastImportId", value: string) =>
    cachedCount(s.category, false, `SELECT count(*) FROM Subscriber s WHERE s.category = ? AND s.${column} = ?`, [s.category, value]);
  const [states, platform, domainShare, importShare] = await Promise.all([
    reader().all<{ scope: string; target: string; step: string; done: number; doneAt: number | null; doneBy: string | null; note: string | null }>(
      `SELECT scope, target, step, done, doneAt, doneBy, note FROM TaskState
      WHERE category = ? AND (${refs.map(() => "(scope = ? AND target = ? AND step = ?)").join(" OR ")})`,
      [s.category, ...refs.flatMap((r) => [r.scope, r.target, r.step])],
    ),
    getPlatformName(),
    share("domain", s.domain),
    share("lastImportId", s.lastImportId),
  ]);
  return refs.map((r) => {
    const st = states.find((x) => x.scope === r.scope && x.target === r.target && x.step === r.step);
    return {
      id: encodeTaskId(r),
      step: r.step,
      label: stepLabel(r.step, platform),
      hint: STEPS[r.step].hint,
      scope: r.scope,
      target: r.target,
      done: st?.done === 1,
      doneAt: st?.done && st.doneAt ? iso(st.doneAt) : null,
      doneBy: st?.done ? st.doneBy : null,
      note: st?.note ?? null,
      sharedWith: r.scope === "domain" ? domainShare : r.scope === "import" ? importShare : null,
    };
  });
}

/** How many subscribers of a category are there because of a team correction. */
export async function countCorrected(category: string): Promise<number> {
  return cachedCount(category, false, `SELECT count(*) FROM Subscriber s WHERE s.category = ? AND s.id IN (${CORRECTED_SUBSCRIBERS})`, [category]);
}

/** How many open or in-progress subscribers of a category receive mail again (a delivery after their last bounce). */
export async function countDeliveringAgain(category: string): Promise<number> {
  return cachedCount(category, true, `SELECT count(*) FROM Subscriber s WHERE s.category = ? AND ${DELIVERING_AGAIN}`, [category]);
}

/** How many subscribers of a category the export put there while Rebound's rules would not. */
export async function countDisputed(category: string): Promise<number> {
  // The list index holds both columns: no table reads, even for a 100,000-row category.
  return withIndexHint(sqlite(), LIST_INDEX, (hint) =>
    cachedCount(category, false, `SELECT count(*) FROM Subscriber s ${hint} WHERE s.category = ? AND s.ruleCategory <> s.category`, [category]),
  );
}
