/** Display helpers shared by server and client components. */
const number = new Intl.NumberFormat("en");

export function formatNumber(n: number): string {
  return number.format(n);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? new Date(iso).toISOString().slice(0, 10) : "—";
}

export const STATUS_LABELS: Record<string, string> = {
  open: "Open",
  in_progress: "In progress",
  recovered: "Recovered",
  unrecoverable: "Unrecoverable",
  queued: "Queued",
  processing: "Processing",
  rolling_back: "Rolling back",
  done: "Done",
  failed: "Failed",
  needs_mapping: "Needs column mapping",
  merged: "Added to the day's import",
};

export const SCOPE_LABELS: Record<string, string> = {
  subscriber: "This subscriber",
  domain: "Whole domain",
  import: "Whole campaign",
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 === 0 ? 0 : 1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
