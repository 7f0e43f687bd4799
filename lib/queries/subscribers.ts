import "server-only";
import { z } from "zod";
import { STEPS, stepLabel, type StepScope } from "../categories";
import { prisma } from "../db/prisma";
import type { Prisma } from "../../generated/prisma/client";
import { encodeTaskId, tasksForSubscriber } from "../tasks/checklist";
import { getPlatformName } from "./settings";

import { SUBSCRIBER_STATUSES } from "./subscriber-statuses";
export { SUBSCRIBER_STATUSES, type SubscriberStatus } from "./subscriber-statuses";

export const SORTS = ["email", "-email", "domain", "-domain", "lastBouncedAt", "-lastBouncedAt", "bounceCount", "-bounceCount"] as const;

export const subscriberFilterSchema = z.object({
  category: z.string().optional(),
  q: z.string().trim().max(200).optional(),
  status: z.enum(SUBSCRIBER_STATUSES).optional(),
  domain: z.string().trim().max(255).optional(),
  /** "1": only subscribers whose export category differs from Rebound's own classification. */
  disputed: z.enum(["1"]).optional(),
  sort: z.enum(SORTS).default("-lastBouncedAt"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type SubscriberFilter = z.infer<typeof subscriberFilterSchema>;

/** Reads list filters from URL search params, ignoring what is missing or malformed. */
export function parseSubscriberFilter(params: URLSearchParams | Record<string, string | string[] | undefined>): SubscriberFilter {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s === "" || s == null ? undefined : s;
  };
  const raw = Object.fromEntries(["category", "q", "status", "domain", "disputed", "sort", "page", "pageSize"].map((k) => [k, get(k)]));
  const parsed = subscriberFilterSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Drop only the bad fields, keep the rest of the view.
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  return subscriberFilterSchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k))));
}

export type ListFilter = Pick<SubscriberFilter, "category" | "q" | "status" | "domain" | "disputed">;

export function subscriberWhere(f: ListFilter): Prisma.SubscriberWhereInput {
  const where: Prisma.SubscriberWhereInput = {};
  if (f.disputed) where.ruleCategory = { not: { equals: prisma().subscriber.fields.category } };
  if (f.category) where.category = f.category;
  if (f.status) where.status = f.status;
  if (f.domain) where.domain = f.domain.toLowerCase();
  if (f.q) {
    const q = f.q.toLowerCase();
    where.OR = [{ email: { contains: q } }, { domain: { startsWith: q } }];
  }
  return where;
}

function orderBy(sort: SubscriberFilter["sort"]): Prisma.SubscriberOrderByWithRelationInput[] {
  const desc = sort.startsWith("-");
  const field = (desc ? sort.slice(1) : sort) as "email" | "domain" | "lastBouncedAt" | "bounceCount";
  const dir = desc ? "desc" : "asc";
  return field === "email" ? [{ email: dir }] : [{ [field]: dir }, { email: "asc" }];
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

export async function listSubscribers(f: SubscriberFilter) {
  const where = subscriberWhere(f);
  const [rows, count] = await Promise.all([
    prisma().subscriber.findMany({
      where,
      orderBy: orderBy(f.sort),
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
      select: { id: true, email: true, domain: true, name: true, category: true, ruleCategory: true, status: true, lastBouncedAt: true, bounceCount: true, assignee: true },
    }),
    prisma().subscriber.count({ where }),
  ]);
  const data: SubscriberListItem[] = rows.map((r) => ({ ...r, lastBouncedAt: r.lastBouncedAt.toISOString() }));
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

export async function getSubscriber(id: number) {
  const db = prisma();
  const s = await db.subscriber.findUnique({
    where: { id },
    include: { bounces: { orderBy: [{ occurredAt: "desc" }, { id: "desc" }], include: { import: { select: { fileName: true } } } } },
  });
  if (!s) return null;
  const tasks = await getChecklist(s);
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
    firstBouncedAt: s.firstBouncedAt.toISOString(),
    lastBouncedAt: s.lastBouncedAt.toISOString(),
    bounceCount: s.bounceCount,
    lastImportId: s.lastImportId,
    bounces: s.bounces.map((b) => ({
      id: b.id,
      occurredAt: b.occurredAt.toISOString(),
      category: b.category,
      categorySource: b.categorySource as "export" | "rule",
      ruleId: b.ruleId,
      ruleCategory: b.ruleCategory,
      dsnStatus: b.dsnStatus,
      replyCode: b.replyCode,
      diagnostic: b.diagnostic,
      remoteMta: b.remoteMta,
      importId: b.importId,
      importFileName: b.import.fileName,
      line: b.line,
    })),
    tasks,
  };
}
export type SubscriberDetail = NonNullable<Awaited<ReturnType<typeof getSubscriber>>>;

async function getChecklist(s: { id: number; domain: string; category: string; lastImportId: string }): Promise<TaskView[]> {
  const refs = tasksForSubscriber(s);
  if (refs.length === 0) return [];
  const db = prisma();
  const [states, platform, domainShare, importShare] = await Promise.all([
    db.taskState.findMany({
      where: { category: s.category, OR: refs.map((r) => ({ scope: r.scope, target: r.target, step: r.step })) },
    }),
    getPlatformName(),
    db.subscriber.count({ where: { category: s.category, domain: s.domain } }),
    db.subscriber.count({ where: { category: s.category, lastImportId: s.lastImportId } }),
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
      done: st?.done ?? false,
      doneAt: st?.done && st.doneAt ? st.doneAt.toISOString() : null,
      doneBy: st?.done ? st.doneBy : null,
      note: st?.note ?? null,
      sharedWith: r.scope === "domain" ? domainShare : r.scope === "import" ? importShare : null,
    };
  });
}

/** How many subscribers of a category the export put there while Rebound's rules would not. */
export async function countDisputed(category: string): Promise<number> {
  return prisma().subscriber.count({ where: { category, ruleCategory: { not: { equals: prisma().subscriber.fields.category } } } });
}
