"use client";

import Link from "next/link";
import { useState } from "react";
import { GROUPS, type CategoryGroup } from "@/lib/categories";
import { insightsQuery, RANGE_LABELS, type InsightsParams } from "@/lib/insights/filters";
import { formatDate } from "@/lib/format";
import { useInsightsUrl } from "./use-insights-url";

const PRESETS = ["7", "30", "90", "all"] as const;

/** Date range, imports and category group; every choice lands in the URL so a view can be shared. */
export function FilterBar({ params, imports }: { params: InsightsParams; imports: { id: string; fileName: string; createdAt: string }[] }) {
  const { update, pending } = useInsightsUrl(params);
  const [from, setFrom] = useState(params.from ?? "");
  const [to, setTo] = useState(params.to ?? "");
  const [chosen, setChosen] = useState<string[]>(params.imports);
  const importLabel =
    params.imports.length === 0
      ? "All imports"
      : params.imports.length === 1
        ? (imports.find((i) => i.id === params.imports[0])?.fileName ?? "1 import")
        : `${params.imports.length} imports`;

  return (
    <div className="card insights-filters" role="search" aria-label="Insights filters" aria-busy={pending}>
      <div className="insights-filter">
        <span className="insights-filter-label" id="range-label">
          Period
        </span>
        <div className="segmented" role="group" aria-labelledby="range-label">
          {PRESETS.map((r) => (
            <Link
              key={r}
              href={`/insights${insightsQuery({ ...params, range: r, from: undefined, to: undefined })}`}
              aria-current={params.range === r ? "true" : undefined}
              scroll={false}
            >
              {RANGE_LABELS[r]}
            </Link>
          ))}
        </div>
      </div>
      <form
        className="insights-filter"
        onSubmit={(e) => {
          e.preventDefault();
          if (from && to) update({ range: "custom", from, to });
        }}
      >
        <span className="insights-filter-label">Custom</span>
        <label className="visually-hidden" htmlFor="insights-from">
          From
        </label>
        <input id="insights-from" className="small" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby="custom-hint" />
        <span aria-hidden="true">–</span>
        <label className="visually-hidden" htmlFor="insights-to">
          To
        </label>
        <input id="insights-to" className="small" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit" className={`btn small${params.range === "custom" ? " primary" : ""}`} disabled={!from || !to}>
          Apply
        </button>
        <span id="custom-hint" className="visually-hidden">
          Both days included, UTC
        </span>
      </form>
      <details className="insights-filter insights-imports">
        <summary className="btn small" data-testid="imports-filter">
          {importLabel} ▾
        </summary>
        <div className="insights-popover">
          {imports.length === 0 ? (
            <p className="muted">No finished imports yet.</p>
          ) : (
            <fieldset>
              <legend className="visually-hidden">Imports to include</legend>
              {imports.map((i) => (
                <label key={i.id} className="insights-check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(i.id)}
                    onChange={(e) => setChosen((c) => (e.target.checked ? [...c, i.id] : c.filter((x) => x !== i.id)))}
                  />
                  <span>{i.fileName}</span>
                  <span className="muted">{formatDate(i.createdAt)}</span>
                </label>
              ))}
            </fieldset>
          )}
          <div className="insights-popover-actions">
            <button type="button" className="btn small" onClick={() => (setChosen([]), update({ imports: [] }))}>
              All imports
            </button>
            <button type="button" className="btn small primary" onClick={() => update({ imports: chosen })}>
              Apply
            </button>
          </div>
        </div>
      </details>
      <div className="insights-filter">
        <label className="insights-filter-label" htmlFor="insights-group">
          Category group
        </label>
        <select
          id="insights-group"
          className="small"
          value={params.group ?? ""}
          onChange={(e) => update({ group: (e.target.value || undefined) as CategoryGroup | undefined, category: undefined, domainCategory: undefined })}
        >
          <option value="">All groups</option>
          {GROUPS.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
        </select>
      </div>
      {pending && (
        <span className="muted insights-loading" role="status">
          Updating…
        </span>
      )}
    </div>
  );
}
