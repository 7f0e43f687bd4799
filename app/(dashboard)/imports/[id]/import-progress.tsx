"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatDateTime, formatNumber, STATUS_LABELS } from "@/lib/format";
import type { ImportSummary } from "@/lib/queries/imports";
import { apiFetch } from "@/lib/api-fetch";

const POLL_MS = 500;
/** A rolling import fed by a webhook: its counts grow with each pass, a few seconds apart at most. */
const FED_POLL_MS = 5000;
/** A rolling import fed within this long is followed live; an older one gets no more passes. */
const FED_LIVE_MS = 36 * 3600_000;

/**
 * Follows an import live until it is done or failed, then refreshes the page's server data. A rolling
 * import (fed by a webhook) stays followed while it is fed: each new pass refreshes the page.
 */
export function ImportProgress({ initial }: { initial: ImportSummary }) {
  const router = useRouter();
  const [summary, setSummary] = useState(initial);
  const [rate, setRate] = useState<number | null>(null);
  const last = useRef<{ rows: number; at: number } | null>(null);
  const finished = summary.status === "done" || summary.status === "failed" || summary.status === "needs_mapping";

  useEffect(() => {
    if (finished) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const res = await apiFetch<ImportSummary>(`/api/imports/${initial.id}`, { cache: "no-store" });
      // A missed poll is retried by the next tick.
      if (!res.ok || stopped) return;
      const next = res.data;
      const now = performance.now();
      if (last.current && next.rows > last.current.rows) setRate(((next.rows - last.current.rows) / (now - last.current.at)) * 1000);
      last.current = { rows: next.rows, at: now };
      setSummary(next);
      if (next.status === "done" || next.status === "failed" || next.status === "needs_mapping") router.refresh();
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [finished, initial.id, router]);

  const fedAt = initial.fedBy && initial.lastFedAt ? Date.parse(initial.lastFedAt) : null;
  useEffect(() => {
    if (fedAt === null || Date.now() - fedAt > FED_LIVE_MS) return;
    let stopped = false;
    let passes = initial.passes;
    const timer = setInterval(async () => {
      const res = await apiFetch<ImportSummary>(`/api/imports/${initial.id}`, { cache: "no-store" });
      if (!res.ok || stopped) return;
      setSummary(res.data);
      // A new pass may bring rejected rows and campaign steps: the server parts of the page read again.
      if (res.data.passes !== passes) router.refresh();
      passes = res.data.passes;
    }, FED_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [fedAt, initial.id, initial.passes, router]);

  const percent = Math.round(summary.progress * 100);
  return (
    <section className="card" aria-labelledby="import-status">
      <h2 id="import-status" style={{ marginTop: 0 }}>
        Status:{" "}
        <span className={`badge ${summary.status}`} data-testid="import-status">
          {STATUS_LABELS[summary.status]}
        </span>
      </h2>
      {summary.fedBy && (
        <p data-testid="fed-by">
          Fed by {summary.fedBy}; last bounce {formatDateTime(summary.lastFedAt)} · {formatNumber(summary.passes)} {summary.passes === 1 ? "pass" : "passes"}
        </p>
      )}
      {summary.status === "queued" && (
        <p>
          Waiting its turn
          {summary.queuePosition > 0 ? ` behind ${summary.queuePosition} other import${summary.queuePosition === 1 ? "" : "s"}` : ""}…
        </p>
      )}
      {!finished && (
        <div>
          <div
            className="progress"
            role="progressbar"
            aria-label="Import progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            data-testid="import-progress"
          >
            <div style={{ width: `${percent}%` }} />
          </div>
          <p aria-live="polite">
            {summary.status === "rolling_back"
              ? `Rolling back the ${summary.interrupted ? "interrupted" : "failed"} attempt: ${percent}%. Its subscribers cannot be changed until this is done.`
              : summary.status === "processing" && percent >= 100
                ? // A big import then rebuilds indexes and recounts: seconds in which no row count moves.
                  `All ${formatNumber(summary.rows)} rows read · finishing: indexing and counting…`
                : `${percent}% · ${formatNumber(summary.rows)} rows read${rate ? ` · ${formatNumber(Math.round(rate))} rows/s` : ""}`}
          </p>
        </div>
      )}
      {summary.status === "needs_mapping" && (
        <p className="alert warn" role="status">
          {summary.error}
        </p>
      )}
      {summary.status === "failed" && (
        <div className="alert error" role="alert" data-testid="import-error">
          <strong>The import failed.</strong> {summary.error}
          <p>Nothing from this file was added. The original file is kept.</p>
        </div>
      )}
      <div className="counts" aria-live="polite">
        <Count label="Rows" value={summary.rows} testId="count-rows" />
        <Count label="Accepted" value={summary.accepted} testId="count-accepted" />
        <Count label="Duplicates" value={summary.duplicates} testId="count-duplicates" />
        <Count label="Rejected" value={summary.rejected} testId="count-rejected" />
        {summary.skipped > 0 && <Count label="Skipped (not bounces)" value={summary.skipped} testId="count-skipped" />}
        {summary.complaints > 0 && <Count label="Complaints (not bounces)" value={summary.complaints} testId="count-complaints" />}
      </div>
      {summary.complaints > 0 && (
        <p>
          <Link href={`/complaints?import=${encodeURIComponent(summary.id)}`} data-testid="complaints-link">
            See the {formatNumber(summary.complaints)} complaint{summary.complaints === 1 ? "" : "s"}
          </Link>{" "}
          (who marked the message as spam, when, and who reported it).
        </p>
      )}
      {summary.skipped > 0 && summary.skipReasons.length > 0 && (
        <div data-testid="skip-reasons">
          <p style={{ marginBottom: "0.25rem" }}>Skipped because they are not bounces from a receiving server:</p>
          <ul style={{ marginTop: 0 }}>
            {summary.skipReasons.map((s) => (
              <li key={s.reason}>
                {formatNumber(s.rows)} {s.rows === 1 ? "row" : "rows"}: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {summary.undated > 0 && (
        <p className="alert warn" data-testid="undated">
          {formatNumber(summary.undated)} {summary.undated === 1 ? "row" : "rows"} dated at import:{" "}
          {summary.dateColumn ? `the file gives no date in ${summary.dateColumn} for ${summary.undated === 1 ? "it" : "them"}` : "the file has no date column"}.
          Their bounce date shows as unknown.
        </p>
      )}
      {summary.archive && (
        <div data-testid="archive">
          <p style={{ marginBottom: "0.25rem" }}>
            From the zip, Rebound imported <strong>{summary.archive.member}</strong>
            {summary.archive.ignored.length > 0 ? " and left out:" : "."}
          </p>
          {summary.archive.ignored.length > 0 && (
            <ul style={{ marginTop: 0 }}>
              {summary.archive.ignored.map((f) => (
                <li key={f.name}>
                  {f.name}: {f.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {summary.format && <p className="muted">Recognised as: {summary.formatLabel ?? summary.format}</p>}
      {summary.status === "done" && (
        <p>
          <Link href="/" className="btn primary">
            See the overview
          </Link>
        </p>
      )}
    </section>
  );
}

function Count({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div>
      <strong data-testid={testId}>{formatNumber(value)}</strong>
      <span>{label}</span>
    </div>
  );
}
