"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { SimpleTable } from "@/components/data-table/simple-table";
import { apiFetch } from "@/lib/api-fetch";

const FIELDS = [
  { key: "email", label: "Email address", required: true },
  { key: "date", label: "Bounce date" },
  { key: "status", label: "Status code (e.g. 5.1.1)" },
  { key: "replyCode", label: "Reply code (e.g. 550)" },
  { key: "diagnostic", label: "Server's reply / reason" },
  { key: "category", label: "Category (if the export has one)" },
  { key: "name", label: "Name" },
  { key: "phone", label: "Phone" },
  { key: "company", label: "Company" },
] as const;

interface Preview {
  header: string[];
  rows: string[][];
}

/** For a layout Rebound does not know: show the first rows and let the user say which column is which. */
export function ColumnMappingForm({ importId }: { importId: string }) {
  const router = useRouter();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    apiFetch<Preview>(`/api/imports/${importId}/mapping`).then((res) =>
      res.ok ? setPreview(res.data) : setError(`The file's preview could not be loaded: ${res.message}`),
    );
  }, [importId]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!mapping.email) {
      setError("Choose the column that holds the email address.");
      return;
    }
    setSaving(true);
    setError(null);
    const body = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v));
    const res = await apiFetch(`/api/imports/${importId}/mapping`, { method: "POST", body });
    setSaving(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    router.refresh();
  }

  if (!preview) return <p role="status">{error ?? "Loading the first rows…"}</p>;
  return (
    <section className="card" aria-labelledby="mapping-title" style={{ marginTop: "1rem" }}>
      <h2 id="mapping-title" style={{ marginTop: 0 }}>
        Which column is which?
      </h2>
      <p className="muted">Rebound will remember this for the next file with the same columns.</p>
      <form onSubmit={submit}>
        <div className="grid grid-2" style={{ gap: "0.5rem 1.5rem" }}>
          {FIELDS.map((f) => (
            <label key={f.key} style={{ display: "flex", justifyContent: "space-between", gap: "0.5rem", alignItems: "center" }}>
              <span>
                {f.label}
                {"required" in f && f.required ? " (required)" : ""}
              </span>
              <select
                value={mapping[f.key] ?? ""}
                onChange={(e) => setMapping((m) => ({ ...m, [f.key]: e.target.value }))}
                required={"required" in f && f.required}
              >
                <option value="">— none —</option>
                {preview.header.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        {error && (
          <p className="alert error" role="alert">
            {error}
          </p>
        )}
        <p>
          <button className="btn primary" type="submit" disabled={saving}>
            {saving ? "Saving…" : "Import with these columns"}
          </button>
        </p>
      </form>
      <h3>First rows of the file</h3>
      <SimpleTable
        label="First rows of the file"
        rows={preview.rows.slice(0, 5)}
        // A preview's rows have no id: their place in the file is what tells them apart.
        rowKey={(_, i) => String(i)}
        columns={preview.header.map((h, j) => ({ key: `${j}-${h}`, header: h, cell: (r: string[]) => r[j] }))}
      />
    </section>
  );
}
