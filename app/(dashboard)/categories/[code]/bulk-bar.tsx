"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatNumber } from "@/lib/format";
import { apiFetch } from "@/lib/api-fetch";

export interface BulkStep {
  id: string;
  label: string;
}

type Choice = { kind: "tick" | "untick"; step: string } | { kind: "recovered" | "unrecoverable" | "open" } | { kind: "assign" };

interface Props {
  category: string;
  steps: BulkStep[];
  selectedIds: number[];
  pageSize: number;
  matching: number;
  filter: Record<string, string>;
  onDone: () => void;
}

/**
 * Acts on the ticked rows, or on everything matching the current filter. Nothing happens until the
 * user has seen how many subscribers the action covers and confirmed.
 */
export function BulkBar({ category, steps, selectedIds, pageSize, matching, filter, onDone }: Props) {
  const router = useRouter();
  const [allMatching, setAllMatching] = useState(false);
  const [choice, setChoice] = useState("");
  const [text, setText] = useState("");
  const [confirm, setConfirm] = useState<{ count: number; body: Record<string, unknown> } | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  if (selectedIds.length === 0) {
    return message ? (
      <p className={`alert ${message.kind}`} role="status">
        {message.text}
      </p>
    ) : null;
  }
  const selection = allMatching ? { filter: { ...filter, category } } : { ids: selectedIds };
  const parsed = parseChoice(choice);

  function action() {
    if (!parsed) return null;
    if (parsed.kind === "tick" || parsed.kind === "untick") return { type: "tick", step: parsed.step, done: parsed.kind === "tick" };
    if (parsed.kind === "assign") return { type: "assign", assignee: text.trim() || null };
    return { type: "status", status: parsed.kind, reason: parsed.kind === "unrecoverable" ? text.trim() : null };
  }

  async function post(body: Record<string, unknown>) {
    const res = await apiFetch<{ count: number; affected: number }>("/api/subscribers/bulk", { method: "POST", body });
    if (!res.ok) throw new Error(res.message);
    return res.data;
  }

  async function prepare() {
    const a = action();
    if (!a) return setMessage({ kind: "error", text: "Choose an action first." });
    if (a.type === "status" && a.status === "unrecoverable" && !text.trim()) return setMessage({ kind: "error", text: "Say why they cannot be recovered." });
    setBusy(true);
    setMessage(null);
    try {
      const { count } = await post({ selection, action: a, dryRun: true });
      setConfirm({ count, body: { selection, action: a } });
    } catch (e) {
      setMessage({ kind: "error", text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (!confirm) return;
    setBusy(true);
    try {
      const { affected } = await post(confirm.body);
      setMessage({ kind: "info", text: `Done for ${formatNumber(affected)} subscribers.` });
      setConfirm(null);
      setAllMatching(false);
      onDone();
      router.refresh();
    } catch (e) {
      setMessage({ kind: "error", text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  const exportHref = `/api/subscribers/export?${new URLSearchParams(allMatching ? { ...filter, category } : { ids: selectedIds.join(",") })}`;

  return (
    <section className="card bulk-bar" aria-label="Bulk actions" data-testid="bulk-bar">
      <p style={{ margin: 0 }}>
        <strong>{allMatching ? `All ${formatNumber(matching)} matching subscribers` : `${selectedIds.length} selected`}</strong>
        {!allMatching && selectedIds.length >= Math.min(pageSize, matching) && matching > selectedIds.length && (
          <>
            {" "}
            ·{" "}
            <button type="button" className="link-button" onClick={() => setAllMatching(true)}>
              Select all {formatNumber(matching)} matching the filter
            </button>
          </>
        )}
      </p>
      <div className="table-toolbar" style={{ marginTop: "0.5rem", marginBottom: 0 }}>
        <label htmlFor="bulk-action" className="visually-hidden">
          Action
        </label>
        <select id="bulk-action" value={choice} onChange={(e) => (setChoice(e.target.value), setConfirm(null))}>
          <option value="">Choose an action…</option>
          <optgroup label="Checklist">
            {steps.map((s) => (
              <option key={`t-${s.id}`} value={`tick:${s.id}`}>
                Tick: {s.label}
              </option>
            ))}
            {steps.map((s) => (
              <option key={`u-${s.id}`} value={`untick:${s.id}`}>
                Untick: {s.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Status">
            <option value="recovered">Mark recovered</option>
            <option value="unrecoverable">Mark unrecoverable…</option>
            <option value="open">Reopen (back to the checklist)</option>
          </optgroup>
          <option value="assign">Assign to a teammate…</option>
        </select>
        {(parsed?.kind === "assign" || parsed?.kind === "unrecoverable") && (
          <input
            type="text"
            aria-label={parsed.kind === "assign" ? "Teammate's name" : "Why they cannot be recovered"}
            placeholder={parsed.kind === "assign" ? "Teammate's name" : "Why?"}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={parsed.kind === "assign" ? 80 : 500}
          />
        )}
        <button type="button" className="btn" onClick={prepare} disabled={busy || !choice}>
          Apply…
        </button>
        <a className="btn" href={exportHref}>
          Export selected
        </a>
      </div>
      {confirm && (
        <div className="alert warn" role="alertdialog" aria-label="Confirm bulk action">
          <p>
            This will apply to <strong data-testid="bulk-count">{formatNumber(confirm.count)}</strong> subscriber{confirm.count === 1 ? "" : "s"}.
          </p>
          <button type="button" className="btn primary" onClick={apply} disabled={busy}>
            Confirm
          </button>{" "}
          <button type="button" className="btn" onClick={() => setConfirm(null)}>
            Cancel
          </button>
        </div>
      )}
      {message && (
        <p className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      )}
    </section>
  );
}

function parseChoice(choice: string): Choice | null {
  if (!choice) return null;
  const [kind, step] = choice.split(":");
  if (kind === "tick" || kind === "untick") return { kind, step };
  if (kind === "recovered" || kind === "unrecoverable" || kind === "open" || kind === "assign") return { kind } as Choice;
  return null;
}
