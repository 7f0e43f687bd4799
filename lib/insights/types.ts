/** The shape of the insights data, shared by the server (queries, API) and the client charts. */
import type { CategoryCode, CategoryGroup } from "../categories";
import type { Bucket, SeriesPoint } from "./buckets";
import type { Change } from "./compare";
import type { InsightsParams, Period } from "./filters";

export const STATUS_KEYS = ["open", "in_progress", "recovered", "unrecoverable"] as const;

export interface Kpis {
  /** Subscribers whose latest bounce falls in the period. */
  subscribers: Change;
  bounces: Change;
  /** Subscribers not hard-bounced (recipient side, our side, other): worth working. */
  recoverable: Change;
  recovered: Change;
  openTasks: Change;
  byGroup: { group: CategoryGroup; label: string; subscribers: number }[];
}

export interface CategoryRow {
  code: CategoryCode;
  label: string;
  group: CategoryGroup;
  subscribers: number;
  open: number;
  in_progress: number;
  recovered: number;
  unrecoverable: number;
}

export interface DomainRow {
  domain: string;
  subscribers: number;
  byGroup: Record<CategoryGroup, number>;
  /** Where a click goes: the domain's largest category (or the chosen one). */
  topCategory: CategoryCode;
}

export interface ImportColumn {
  id: string;
  /** Short unique label for legends: file name, and the date when names repeat. */
  label: string;
  fileName: string;
  createdAt: string;
  bounces: number;
}

export interface Insights {
  params: InsightsParams;
  period: Period;
  previous: Period | null;
  kpis: Kpis;
  timeline: { bucket: Bucket; points: SeriesPoint<CategoryGroup>[] };
  categories: CategoryRow[];
  domains: { category: CategoryCode | null; rows: DomainRow[] };
  imports: { columns: ImportColumn[]; rows: { code: CategoryCode; label: string; group: CategoryGroup; counts: Record<string, number> }[] };
  importOptions: { id: string; fileName: string; createdAt: string }[];
}
