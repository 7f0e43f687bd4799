"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDateTime, SCOPE_LABELS } from "@/lib/format";
import type { TaskView } from "@/lib/queries/subscribers";
import { apiFetch } from "@/lib/api-fetch";

/**
 * The recovery checklist. Ticking saves at once (optimistically) and says what it covered: a domain
 * or campaign task is one shared tick for every subscriber it applies to.
 */
export function Checklist({ tasks, readOnly = false }: { tasks: TaskView[]; readOnly?: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [overrides, setOverrides] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<string | null>(null);

  async function toggle(task: TaskView, done: boolean) {
    setError(null);
    setPending((p) => ({ ...p, [task.id]: true }));
    setOverrides((o) => ({ ...o, [task.id]: done }));
    const res = await apiFetch(`/api/tasks/${encodeURIComponent(task.id)}`, { method: "PATCH", body: { done } });
    setPending((p) => ({ ...p, [task.id]: false }));
    if (!res.ok) {
      setOverrides((o) => ({ ...o, [task.id]: !done }));
      setError(res.message);
      return;
    }
    router.refresh();
  }

  if (tasks.length === 0) return <p className="muted">No checklist for this category.</p>;
  return (
    <>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <ul className="checklist" data-testid="checklist">
        {tasks.map((t) => {
          const done = overrides[t.id] ?? t.done;
          const inputId = `task-${t.id}`;
          return (
            <li key={t.id} data-step={t.step} data-scope={t.scope}>
              <input
                id={inputId}
                type="checkbox"
                checked={done}
                disabled={readOnly || pending[t.id]}
                onChange={(e) => toggle(t, e.target.checked)}
                aria-describedby={`${inputId}-meta`}
              />
              <div>
                <label htmlFor={inputId} className="step-label">
                  {t.label}
                </label>
                <span className="scope">{SCOPE_LABELS[t.scope]}</span>
                <div id={`${inputId}-meta`} className="step-meta">
                  {t.hint}
                  {t.sharedWith && t.sharedWith > 1
                    ? ` Covers ${t.sharedWith} subscribers${t.scope === "domain" ? ` at ${t.target}` : " of this campaign"}.`
                    : ""}
                  {done && t.done && t.doneAt ? ` Done ${formatDateTime(t.doneAt)}${t.doneBy ? ` by ${t.doneBy}` : ""}.` : ""}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
