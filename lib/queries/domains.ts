import "server-only";
import { z } from "zod";
import { getCategory, STEPS, stepLabel, type CategoryCode } from "../categories";
import { prisma } from "../db/prisma";
import { remember } from "../db/memo";
import { reader } from "../db/reader";
import { sqlite } from "../db/sqlite";
import { topicsOf } from "./memo-topics";
import { encodeTaskId } from "../tasks/checklist";
import { logEvent, type EventView } from "./events";
import { getPlatformName } from "./settings";
import type { TaskView } from "./subscribers";

export type SharedTaskView = TaskView;

export interface DomainRow {
  domain: string;
  subscribers: number;
  active: number;
  mailHost: string | null;
  contact: { name: string | null; email: string | null; phone: string | null; notes: string | null } | null;
  tasks: SharedTaskView[];
}

function sharedTasks(scope: "domain" | "import", target: string, code: CategoryCode, platform: string, states: Map<string, TaskStateRow>): SharedTaskView[] {
  const category = getCategory(code)!;
  return category.steps
    .filter((s) => STEPS[s].scope === scope)
    .map((step) => {
      const st = states.get(`${target}|${step}`);
      const done = st?.done === 1;
      return {
        id: encodeTaskId({ scope, target, category: code, step }),
        step,
        label: stepLabel(step, platform),
        hint: STEPS[step].hint,
        scope,
        target,
        done,
        doneAt: done && st?.doneAt ? new Date(st.doneAt).toISOString() : null,
        doneBy: done ? (st?.doneBy ?? null) : null,
        note: null,
        sharedWith: null,
      };
    });
}

type TaskStateRow = { target: string; step: string; done: number; doneAt: number | null; doneBy: string | null };

async function taskStates(scope: "domain" | "import", code: string, targets: string[]): Promise<Map<string, TaskStateRow>> {
  if (targets.length === 0) return new Map();
  const rows = await reader().all<TaskStateRow>(
    `SELECT target, step, done, doneAt, doneBy FROM TaskState WHERE scope = ? AND category = ? AND target IN (${targets.map(() => "?").join(",")})`,
    [scope, code, ...targets],
  );
  return new Map(rows.map((r) => [`${r.target}|${r.step}`, r]));
}

type DomainListRow = {
  domain: string;
  subscribers: number;
  active: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  notes: string | null;
  hasContact: number;
};

/** The recipient domains of a category, largest first, with who to contact and the state of their shared steps. */
export async function listCategoryDomains(code: CategoryCode, page = 1, pageSize = 50) {
  const r = reader();
  const [count, rows] = await Promise.all([
    r.pluck<number>("SELECT count(DISTINCT domain) FROM Subscriber WHERE category = ?", [code]),
    r.all<DomainListRow>(
      `SELECT s.domain, count(*) AS subscribers, sum(s.status IN ('open','in_progress')) AS active,
        d.name, d.email, d.phone, d.notes, d.domain IS NOT NULL AS hasContact
      FROM Subscriber s LEFT JOIN DomainContact d ON d.domain = s.domain
      WHERE s.category = ? GROUP BY s.domain ORDER BY subscribers DESC, s.domain LIMIT ? OFFSET ?`,
      [code, pageSize, (page - 1) * pageSize],
    ),
  ]);
  const hostOf = (domain: string) =>
    r.pluck<string>(
      `SELECT b.remoteMta FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId
      WHERE s.domain = ? AND s.category = ? AND b.remoteMta IS NOT NULL GROUP BY b.remoteMta ORDER BY count(*) DESC LIMIT 1`,
      [domain, code],
    );
  const [platform, states, hosts] = await Promise.all([
    getPlatformName(),
    taskStates(
      "domain",
      code,
      rows.map((row) => row.domain),
    ),
    Promise.all(rows.map((row) => hostOf(row.domain))),
  ]);
  const data: DomainRow[] = rows.map((row, i) => ({
    domain: row.domain,
    subscribers: row.subscribers,
    active: row.active,
    mailHost: hosts[i] ?? null,
    contact: row.hasContact ? { name: row.name, email: row.email, phone: row.phone, notes: row.notes } : null,
    tasks: sharedTasks("domain", row.domain, code, platform, states),
  }));
  return { data, count: count ?? 0, page, pageSize };
}

/** Campaign (import) steps of a category: one set per import that brought subscribers into it. */
export async function listCategoryImportTasks(code: CategoryCode) {
  // Groups a whole category's active subscribers (10–20 ms at a million): once per change to it.
  const rows = await remember(sqlite(), `categoryImports:${code}`, topicsOf(code, true), () =>
    reader().all<{ id: string; fileName: string; subscribers: number }>(
      `SELECT s.lastImportId AS id, i.fileName, count(*) AS subscribers FROM Subscriber s JOIN Import i ON i.id = s.lastImportId
        WHERE s.category = ? AND s.status IN ('open','in_progress') GROUP BY s.lastImportId ORDER BY i.createdAt DESC LIMIT 20`,
      [code],
    ),
  );
  const [platform, states] = await Promise.all([
    getPlatformName(),
    taskStates(
      "import",
      code,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => ({ ...r, category: code, tasks: sharedTasks("import", r.id, code, platform, states) })).filter((r) => r.tasks.length > 0);
}

/** Campaign steps of one import, for every category it brought subscribers into. */
export async function listImportTasks(importId: string) {
  const rows = await reader().all<{ category: CategoryCode; subscribers: number }>(
    `SELECT category, count(*) AS subscribers FROM Subscriber WHERE lastImportId = ? AND status IN ('open','in_progress') GROUP BY category ORDER BY subscribers DESC`,
    [importId],
  );
  const [platform, states] = await Promise.all([getPlatformName(), Promise.all(rows.map((r) => taskStates("import", r.category, [importId])))]);
  return rows
    .map((r, i) => ({
      ...r,
      label: getCategory(r.category)?.label ?? r.category,
      tasks: sharedTasks("import", importId, r.category, platform, states[i]),
    }))
    .filter((r) => r.tasks.length > 0);
}

export const domainContactSchema = z
  .object({
    name: z.string().trim().max(200).nullish(),
    email: z.union([z.literal(""), z.string().trim().email("not a valid email address").max(254)]).nullish(),
    phone: z.string().trim().max(40).nullish(),
    notes: z.string().trim().max(4000).nullish(),
  })
  .strict();

export async function saveDomainContact(domain: string, input: z.infer<typeof domainContactSchema>, actor: string) {
  const data = { name: input.name || null, email: input.email || null, phone: input.phone || null, notes: input.notes || null, updatedAt: new Date() };
  await prisma().domainContact.upsert({ where: { domain }, create: { domain, ...data }, update: data });
  await logEvent({
    actor,
    action: "domain.contact",
    subjectType: "domain",
    subjectId: domain,
    detail: `updated the administrator's contact details${data.name ? ` (${data.name})` : ""}`,
  });
}

export async function listDomainHistory(domain: string, limit = 50): Promise<EventView[]> {
  const rows = await reader().all<Omit<EventView, "at"> & { at: number }>(
    "SELECT id, actor, action, subjectType, subjectId, detail, at FROM Event WHERE subjectType = 'domain' AND subjectId = ? ORDER BY at DESC, id DESC LIMIT ?",
    [domain, limit],
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
