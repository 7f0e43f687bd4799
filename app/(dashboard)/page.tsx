import Link from "next/link";
import { canEdit } from "@/lib/auth/current-user";
import { CategoryBarChart } from "@/components/charts/category-bar-chart";
import { CategoryGroups } from "@/components/categories/category-groups";
import { ImportsTable } from "@/components/imports/imports-table";
import { formatNumber } from "@/lib/format";
import { getCategoryStats, getOverviewTotals } from "@/lib/queries/categories";
import { listImports } from "@/lib/queries/imports";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const stats = await getCategoryStats();
  const totals = await getOverviewTotals(stats);
  const [imports, editable] = await Promise.all([listImports(5), canEdit()]);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Overview</h1>
          <p className="subtitle">Who bounced, why, and what is left to do to win them back.</p>
        </div>
        <Link href="/imports" className="btn primary">
          Upload a bounce export
        </Link>
      </div>

      {totals.subscribers === 0 && (
        <div className="card empty-state">
          <h3>No bounces yet</h3>
          <p>Upload the bounce export of your email platform (PowerMTA/Mailrelay, SendGrid, Mailgun, or any CSV with an email column) to get started.</p>
        </div>
      )}

      <section aria-label="Key figures" className="kpis" style={{ marginTop: "1rem" }}>
        <Kpi label="Bounced subscribers" value={totals.subscribers} testId="kpi-subscribers" />
        <Kpi label="Bounces" value={totals.bounces} testId="kpi-bounces" />
        <Kpi label="Worth working (not hard bounces)" value={totals.recoverable} testId="kpi-recoverable" />
        <Kpi label="Recovered" value={totals.recovered} testId="kpi-recovered" />
        <Kpi label="Open tasks" value={totals.openTasks} testId="kpi-open-tasks" />
      </section>

      <h2>Categories</h2>
      <CategoryGroups stats={stats} />

      <div className="grid grid-2" style={{ marginTop: "1.5rem" }}>
        <section className="card" aria-labelledby="chart-title">
          <h3 id="chart-title">Subscribers per category</h3>
          <CategoryBarChart data={stats.map((s) => ({ code: s.code, label: s.label, group: s.group, subscribers: s.subscribers }))} />
        </section>
        {editable && (
          <section className="card" aria-labelledby="exports-title">
            <h3 id="exports-title">Lists for your email platform</h3>
            <p>
              <a href="/api/subscribers/export?list=validate&amp;bom=1" download>
                Addresses to validate again
              </a>{" "}
              <span className="muted">({formatNumber(totals.recovered)} recovered)</span>
            </p>
            <p>
              <a href="/api/subscribers/export?list=suppress&amp;bom=1" download>
                Addresses to suppress
              </a>{" "}
              <span className="muted">({formatNumber(totals.unrecoverable)} unrecoverable)</span>
            </p>
            <p className="muted">CSV with a UTF-8 BOM, ready for Excel; cells are made safe for spreadsheets.</p>
          </section>
        )}
        <section className="card" aria-labelledby="recent-imports">
          <h3 id="recent-imports">Recent imports</h3>
          <ImportsTable imports={imports} compact />
          <p>
            <Link href="/imports">All imports →</Link>
          </p>
        </section>
      </div>
    </>
  );
}

function Kpi({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="card kpi">
      <div className="value" data-testid={testId}>
        {formatNumber(value)}
      </div>
      <div className="label">{label}</div>
    </div>
  );
}
