import Link from "next/link";
import { GROUPS } from "@/lib/categories";
import { formatNumber } from "@/lib/format";
import type { CategoryStats } from "@/lib/queries/categories";

/** All 16 categories, always, in the four groups of lib/categories (the address, the recipient's side, our side, other); empty ones are shown muted. */
export function CategoryGroups({ stats }: { stats: CategoryStats[] }) {
  return (
    <>
      {GROUPS.map((g) => {
        const inGroup = stats.filter((s) => s.group === g.id).sort((a, b) => b.subscribers - a.subscribers);
        const total = inGroup.reduce((n, s) => n + s.subscribers, 0);
        return (
          <section key={g.id} className="group" aria-labelledby={`group-${g.id}`}>
            <h3 id={`group-${g.id}`} className="group-title">
              {g.label}{" "}
              <small>
                {g.description} · {formatNumber(total)} subscribers
              </small>
            </h3>
            <ul className="category-grid" style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {inGroup.map((s) => (
                <li key={s.code}>
                  <Link
                    href={`/categories/${s.code}`}
                    className={`card category-card${s.subscribers === 0 ? " empty" : ""}`}
                    data-group={s.group}
                    data-testid={`category-card-${s.code}`}
                  >
                    <div>{s.label}</div>
                    <div className="count" data-testid={`category-count-${s.code}`}>
                      {formatNumber(s.subscribers)}
                    </div>
                    <div className="meta">
                      <code>{s.code}</code> · {formatNumber(s.openTasks)} open tasks
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
