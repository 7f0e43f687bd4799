"use client";

import { useRouter } from "next/navigation";
import { SaveCancel } from "@/components/forms/form-parts";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/api-fetch";

type Contact = { name: string | null; email: string | null; phone: string | null; notes: string | null };

/** The recipient domain's mail administrator, as the team recorded them. */
export function DomainContactForm({ domain, contact }: { domain: string; contact: Contact | null }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState({ name: contact?.name ?? "", email: contact?.email ?? "", phone: contact?.phone ?? "", notes: contact?.notes ?? "" });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const res = await apiFetch(`/api/domains/${encodeURIComponent(domain)}`, { method: "PUT", body: values });
    setSaving(false);
    if (!res.ok) return setError(res.message);
    setEditing(false);
    router.refresh();
  }

  if (!editing) {
    return (
      <div>
        {contact ? (
          <dl className="fields">
            {contact.name && (
              <>
                <dt>Administrator</dt>
                <dd>{contact.name}</dd>
              </>
            )}
            {contact.email && (
              <>
                <dt>Email</dt>
                <dd>
                  <a href={`mailto:${contact.email}`}>{contact.email}</a>
                </dd>
              </>
            )}
            {contact.phone && (
              <>
                <dt>Phone</dt>
                <dd>
                  <a href={`tel:${contact.phone.replace(/[^\d+]/g, "")}`}>{contact.phone}</a>
                </dd>
              </>
            )}
            {contact.notes && (
              <>
                <dt>Notes</dt>
                <dd style={{ whiteSpace: "pre-wrap" }}>{contact.notes}</dd>
              </>
            )}
          </dl>
        ) : (
          <p className="muted">No administrator recorded yet.</p>
        )}
        {/* The name starts with the visible words, so voice control finds it; the domain tells the cards apart. */}
        <button type="button" className="btn" onClick={() => setEditing(true)}>
          {contact ? "Edit contact" : "Add contact"}
          <span className="visually-hidden"> of the administrator for {domain}</span>
        </button>
      </div>
    );
  }
  const field = (key: keyof typeof values, label: string, type = "text") => (
    // biome-ignore lint/a11y/noLabelWithoutControl: the label wraps its control (a textarea or an input, chosen below).
    <label className="field">
      {label}
      {key === "notes" ? (
        <textarea value={values[key]} onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))} rows={3} />
      ) : (
        <input type={type} value={values[key]} onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))} />
      )}
    </label>
  );
  return (
    <form onSubmit={submit} aria-label={`Administrator contact for ${domain}`}>
      {field("name", "Administrator's name")}
      {field("email", "Email", "email")}
      {field("phone", "Phone", "tel")}
      {field("notes", "Notes")}
      <SaveCancel error={error} saving={saving} onCancel={() => setEditing(false)} />
    </form>
  );
}
