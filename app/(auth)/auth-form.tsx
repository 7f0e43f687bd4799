"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/api-fetch";

interface Field {
  name: string;
  label: string;
  type: string;
  autoComplete: string;
}

/** The sign-in and first-run forms: post JSON, show the server's words on failure, go home on success. */
export function AuthForm({ endpoint, fields, submitLabel, hint }: { endpoint: string; fields: Field[]; submitLabel: string; hint?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = Object.fromEntries(new FormData(e.currentTarget));
    const res = await apiFetch(endpoint, { method: "POST", body });
    setBusy(false);
    if (res.ok) {
      router.replace("/");
      router.refresh();
      return;
    }
    setError(res.status === 401 ? "Wrong email or password." : res.message);
  }

  return (
    <form onSubmit={submit} noValidate={false}>
      {fields.map((f) => (
        <label key={f.name} className="field">
          {f.label}
          <input name={f.name} type={f.type} autoComplete={f.autoComplete} required />
        </label>
      ))}
      {hint && <p className="muted">{hint}</p>}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <button className="btn primary" type="submit" disabled={busy}>
        {busy ? "Please wait…" : submitLabel}
      </button>
    </form>
  );
}
