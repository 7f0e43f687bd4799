import Link from "next/link";
import { GROUP_COLOURS } from "@/components/charts/palette";
import { formatChange, share, type Change } from "@/lib/insights/compare";
import { insightsQuery } from "@/lib/insights/filters";
import type { Insights } from "@/lib/insights/types";
import { formatDate, formatNumber } from "@/lib/format";

/**
 * Headline figures with their change against the previous period of the same length. Whether a rise
 * is good depends on the figure (more recovered is good, more bounces is bad), so colour follows that.
 */
export function KpiCards({ data }: { data: Insights }) {
  const k = data.kpis;
  const total = k.subscribers.current;
  const recoverableShare = share(k.recoverable.current, total);
  const previousText = data.previous
    ? `vs ${formatDate(new Date(data.previous.from!).toISOString())} – ${formatDate(new Date(data.previous.to! - 1).toISOString())}`
    : null;
  return (
    <section aria-label="Key figures" className="insights-kpis">
      <Kpi id="subscribers" label="Bounced subscribers" change={k.subscribers} goodWhen="down" previousText={previousText} />
      <div className="card kpi insights-kpi" data-testid="kpi-recoverable-share">
        <div className="label">Worth working (not hard bounces)</div>
        <div className="value">{total ? `${Math.round(recoverableShare * 100)} %` : "—"}</div>
        <div className="insights-split" aria-hidden="true">
          {k.byGroup.map((g) =>
            g.subscribers > 0 ? (
              <span
                key={g.group}
                style={{ flexGrow: g.subscribers, background: GROUP_COLOURS[g.group] }}
                title={`${g.label}: ${formatNumber(g.subscribers)}`}
              />
            ) : null,
          )}
        </div>
        <ul className="insights-split-legend">
          {k.byGroup.map((g) => (
            <li key={g.group}>
              <span className="swatch" style={{ background: GROUP_COLOURS[g.group] }} aria-hidden="true" />
              <Link href={`/insights${insightsQuery({ ...data.params, group: g.group })}`}>{g.label}</Link>
              <span className="n">{formatNumber(g.subscribers)}</span>
            </li>
          ))}
        </ul>
      </div>
      <Kpi id="recovered" label="Recovered" change={k.recovered} goodWhen="up" previousText={previousText} />
      <Kpi id="open-tasks" label="Open tasks" change={k.openTasks} goodWhen="down" previousText={previousText} />
      <Kpi id="bounces" label="Bounces" change={k.bounces} goodWhen="down" previousText={previousText} />
    </section>
  );
}

function Kpi({
  id,
  label,
  change,
  goodWhen,
  previousText,
}: {
  id: string;
  label: string;
  change: Change;
  goodWhen: "up" | "down";
  previousText: string | null;
}) {
  const tone = change.direction === null || change.direction === "flat" ? "neutral" : change.direction === goodWhen ? "good" : "bad";
  const arrow = change.direction === "up" ? "▲" : change.direction === "down" ? "▼" : "";
  return (
    <div className="card kpi insights-kpi">
      <div className="label">{label}</div>
      <div className="value" data-testid={`insights-kpi-${id}`}>
        {formatNumber(change.current)}
      </div>
      {change.previous !== null ? (
        <div className={`insights-change ${tone}`} data-testid={`insights-kpi-${id}-change`}>
          <span aria-hidden="true">{arrow} </span>
          {formatChange(change)}
          <span className="muted">
            {" "}
            (was {formatNumber(change.previous)}) <span className="visually-hidden">{previousText}</span>
          </span>
        </div>
      ) : (
        <div className="insights-change neutral muted">No earlier period to compare</div>
      )}
    </div>
  );
}
