"use client";

import { useRouter } from "next/navigation";
import { ErrorAlert, SaveCancel } from "@/components/forms/form-parts";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/api-fetch";

async function send(url: string, method: "PATCH" | "POST", body: Record<string, unknown>): Promise<string | null> {
  const res = await apiFetch(url, { method, body });
  return res.ok ? null : res.message;
}

function useSubmit() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function run(action: () => Promise<string | null>, after?: () => void) {
    setSaving(true);
    setError(null);
    const problem = await action();
    setSaving(false);
    if (problem) return setError(problem);
    after?.();
    router.refresh();
  }
  return { error, saving, run };
}

/** Recovered or given up: a person's call. "Back to open" hands the status back to the checklist. */
export function StatusForm({ id, status, reason }: { id: number; status: string; reason: string | null }) {
  const [next, setNext] = useState(status === "in_progress" ? "open" : status);
  const [why, setWhy] = useState(reason ?? "");
  const { error, saving, run } = useSubmit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => send(`/api/subscribers/${id}`, "PATCH", { status: next, statusReason: why }));
  };
  return (
    <form onSubmit={submit} aria-label="Status">
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="visually-hidden">Status</legend>
        {[
          ["open", "Still working on it"],
          ["recovered", "Recovered"],
          ["unrecoverable", "Unrecoverable"],
        ].map(([value, label]) => (
          <label key={value} style={{ marginRight: "1rem", display: "inline-block", whiteSpace: "nowrap" }}>
            <input type="radio" name="status" value={value} checked={next === value} onChange={() => setNext(value)} /> {label}
          </label>
        ))}
      </fieldset>
      {next === "unrecoverable" && (
        <p>
          <label>
            Why? <input type="text" value={why} onChange={(e) => setWhy(e.target.value)} required maxLength={500} placeholder="e.g. left the company" />
          </label>
        </p>
      )}
      <ErrorAlert message={error} />
      <button className="btn" type="submit" disabled={saving}>
        {saving ? "Saving…" : "Save status"}
      </button>
    </form>
  );
}

export function ContactForm({
  id,
  initial,
}: {
  id: number;
  initial: { name: string | null; phone: string | null; company: string | null; assignee: string | null };
}) {
  const [values, setValues] = useState({
    name: initial.name ?? "",
    phone: initial.phone ?? "",
    company: initial.company ?? "",
    assignee: initial.assignee ?? "",
  });
  const [editing, setEditing] = useState(false);
  const { error, saving, run } = useSubmit();
  if (!editing) {
    return (
      <button type="button" className="btn" onClick={() => setEditing(true)}>
        Edit contact details
      </button>
    );
  }
  const field = (key: keyof typeof values, label: string, type = "text") => (
    <label className="field">
      {label}
      <input type={type} value={values[key]} onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))} />
    </label>
  );
  return (
    <form
      onSubmit={(e) => (
        e.preventDefault(),
        void run(
          () => send(`/api/subscribers/${id}`, "PATCH", values),
          () => setEditing(false),
        )
      )}
    >
      {field("name", "Name")}
      {field("phone", "Phone", "tel")}
      {field("company", "Company")}
      {field("assignee", "Assigned to")}
      <SaveCancel error={error} saving={saving} onCancel={() => setEditing(false)} />
    </form>
  );
}

export function NoteForm({ id }: { id: number }) {
  const [text, setText] = useState("");
  const { error, saving, run } = useSubmit();
  return (
    <form
      onSubmit={(e) => (
        e.preventDefault(),
        void run(
          () => send(`/api/subscribers/${id}/notes`, "POST", { text }),
          () => setText(""),
        )
      )}
    >
      <div className="field">
        <label htmlFor="note" className="visually-hidden">
          Add a note
        </label>
        <textarea id="note" value={text} onChange={(e) => setText(e.target.value)} rows={3} placeholder="Add a note for the team…" maxLength={4000} />
      </div>
      <ErrorAlert message={error} />
      <button className="btn" type="submit" disabled={saving || !text.trim()}>
        {saving ? "Saving…" : "Add note"}
      </button>
    </form>
  );
}
