"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ErrorAlert } from "@/components/forms/form-parts";
import { formatNumber } from "@/lib/format";
import { apiFetch } from "@/lib/api-fetch";

type Result<T> = { ok: true; data: T } | { ok: false; error: string };
type Moved = { bounces: number; subscribers: number };
/** Told what happened, in a sentence, once the page has been refreshed. */
type OnDone = (notice: string) => void;

/** One call to the corrections API; the server's own message when it refuses. */
async function call<T>(url: string, method: "POST" | "DELETE", body?: Record<string, unknown>): Promise<Result<T>> {
  const res = await apiFetch<T>(url, { method, body });
  return res.ok ? { ok: true, data: res.data } : { ok: false, error: res.message };
}

const moved = (r: Moved) =>
  `${formatNumber(r.bounces)} bounce${r.bounces === 1 ? "" : "s"} moved, ${formatNumber(r.subscribers)} subscriber${r.subscribers === 1 ? "" : "s"} changed category.`;

/** Runs one call at a time, keeps its error, and refreshes the page's data when it worked. */
function useCall() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run<T>(send: () => Promise<Result<T>>, then: (data: T) => void) {
    setBusy(true);
    setError(null);
    const result = await send();
    setBusy(false);
    if (!result.ok) return setError(result.error);
    then(result.data);
    router.refresh();
  }
  return { error, setError, busy, run };
}

export interface BounceCorrectionProps {
  bounceId: number;
  current: string;
  currentLabel: string;
  categories: { code: string; label: string }[];
  /** The correction that decided this bounce, if any. */
  correction: { id: number; covers: "reply" | "bounce"; replyKey: string; bounces: number } | null;
  hasReply: boolean;
}

/**
 * A bounce's controls on the subscriber page: "This is really …", then the offer to apply the same
 * correction to every bounce with the same reply, and undo. One component whatever the bounce's
 * state, so what it says about the last action outlives the refresh that follows it.
 */
export function BounceCorrection({ bounceId, current, currentLabel, categories, correction, hasReply }: BounceCorrectionProps) {
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="bounce-correction">
      {notice && (
        <p className="alert info" role="status">
          {notice}
        </p>
      )}
      {correction?.covers === "bounce" && hasReply && (
        <ApplyOffer id={correction.id} replyKey={correction.replyKey} category={currentLabel} onDone={setNotice} />
      )}
      <CorrectForm bounceId={bounceId} current={current} categories={categories} onDone={setNotice} />
      {correction && <UndoButton id={correction.id} bounces={correction.bounces} onDone={setNotice} />}
    </div>
  );
}

/** "This is really …": another category for one bounce. */
function CorrectForm({
  bounceId,
  current,
  categories,
  onDone,
}: {
  bounceId: number;
  current: string;
  categories: { code: string; label: string }[];
  onDone: OnDone;
}) {
  const id = useId();
  const [category, setCategory] = useState("");
  const { error, setError, busy, run } = useCall();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!category) return setError("Choose the category this bounce really belongs to.");
    const label = categories.find((c) => c.code === category)?.label ?? category;
    void run(
      () => call("/api/corrections", "POST", { bounceId, category }),
      () => {
        setCategory("");
        onDone(`Corrected to ${label}.`);
      },
    );
  }
  return (
    <form onSubmit={submit} className="correct-bounce" aria-label="Correct this bounce's category">
      <label htmlFor={id}>This is really…</label>{" "}
      <select id={id} value={category} onChange={(e) => setCategory(e.target.value)}>
        <option value="">choose a category</option>
        {categories
          .filter((c) => c.code !== current)
          .map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
      </select>{" "}
      <button className="btn small" type="submit" disabled={busy}>
        {busy ? "Saving…" : "Correct"}
      </button>
      <ErrorAlert message={error} />
    </form>
  );
}

/**
 * The offer made once a bounce is corrected: the same correction for every bounce with the same
 * reply, stored ones and later imports. Shows what "the same reply" means.
 */
export function ApplyOffer({ id, replyKey, category, onDone }: { id: number; replyKey: string; category: string; onDone: OnDone }) {
  const { error, busy, run } = useCall();
  return (
    <div className="alert info" data-testid="apply-offer">
      <p style={{ margin: 0 }}>
        Apply <strong>{category}</strong> to every bounce with the same reply, now and in later imports? The same reply means:
      </p>
      {/* A stranger's reply, masked: shown as text. */}
      <pre className="diagnostic">{replyKey}</pre>
      <button
        className="btn small primary"
        type="button"
        disabled={busy}
        onClick={() =>
          void run(
            () => call<Moved>(`/api/corrections/${id}/apply`, "POST"),
            (r) => onDone(`Applied to every bounce with this reply: ${moved(r)}`),
          )
        }
      >
        {busy ? "Applying…" : "Apply to every bounce with this reply"}
      </button>
      <ErrorAlert message={error} />
    </div>
  );
}

/** Undoes a correction, once the user has confirmed. */
export function UndoButton({ id, bounces, onDone }: { id: number; bounces: number; onDone: OnDone }) {
  const [asking, setAsking] = useState(false);
  const { error, busy, run } = useCall();
  const undo = () =>
    void run(
      () => call<Moved>(`/api/corrections/${id}`, "DELETE"),
      (r) => {
        setAsking(false);
        onDone(`Correction undone: ${moved(r)}`);
      },
    );
  return (
    <>
      {asking ? (
        <span role="group" aria-label="Confirm undo">
          Its {formatNumber(bounces)} bounce{bounces === 1 ? "" : "s"} go back to what the export or Rebound&apos;s rules say.{" "}
          <button className="btn small primary" type="button" onClick={undo} disabled={busy}>
            {busy ? "Undoing…" : "Yes, undo"}
          </button>{" "}
          <button className="btn small" type="button" onClick={() => setAsking(false)} disabled={busy}>
            Keep it
          </button>
        </span>
      ) : (
        <button className="btn small" type="button" onClick={() => setAsking(true)}>
          Undo correction
        </button>
      )}
      <ErrorAlert message={error} />
    </>
  );
}
