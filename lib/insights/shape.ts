/** Pure shaping of aggregate rows (already counted in SQL) into what the KPI cards and charts show. */
import { CATEGORIES, type CategoryGroup } from "../categories";
import type { ImportColumn } from "./types";

export interface CategoryCounts {
  category: string;
  open: number;
  in_progress: number;
  recovered: number;
  unrecoverable: number;
  activeDomains: number;
  activeImports: number;
}

const GROUP_OF = new Map<string, CategoryGroup>(CATEGORIES.map((c) => [c.code, c.group]));

export function periodCounts(rows: CategoryCounts[]) {
  const byGroup: Record<CategoryGroup, number> = { address: 0, recipient: 0, sender: 0, other: 0 };
  let recovered = 0;
  for (const r of rows) {
    byGroup[GROUP_OF.get(r.category) ?? "other"] += r.open + r.in_progress + r.recovered + r.unrecoverable;
    recovered += r.recovered;
  }
  const subscribers = byGroup.address + byGroup.recipient + byGroup.sender + byGroup.other;
  // Hard bounces (the address itself) are rarely won back; the rest is worth working.
  return { subscribers, recoverable: subscribers - byGroup.address, recovered, byGroup };
}

/**
 * The imports to compare: the chosen ones, else the six most recent with bounces in view, oldest
 * first so campaigns read left to right in time. Labels stay unique when file names repeat.
 */
export function importLabels(
  options: { id: string; fileName: string; createdAt: string }[],
  counts: { importId: string; n: number }[],
  selected: string[],
  max = 6,
): ImportColumn[] {
  const totals = new Map<string, number>();
  for (const c of counts) totals.set(c.importId, (totals.get(c.importId) ?? 0) + c.n);
  const picked = options.filter((o) => (selected.length ? selected.includes(o.id) : (totals.get(o.id) ?? 0) > 0));
  const chosen = [...picked]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
    .slice(0, selected.length ? 50 : max)
    .reverse();
  const nameCount = new Map<string, number>();
  for (const o of chosen) nameCount.set(o.fileName, (nameCount.get(o.fileName) ?? 0) + 1);
  const seen = new Map<string, number>();
  return chosen.map((o) => {
    let label = o.fileName;
    if ((nameCount.get(o.fileName) ?? 0) > 1) {
      const nth = (seen.get(o.fileName) ?? 0) + 1;
      seen.set(o.fileName, nth);
      label = `${o.fileName} (${o.createdAt.slice(0, 10)} #${nth})`;
    }
    return { id: o.id, label, fileName: o.fileName, createdAt: o.createdAt, bounces: totals.get(o.id) ?? 0 };
  });
}
