"use client";

import { useRouter } from "next/navigation";
import { ErrorAlert } from "@/components/forms/form-parts";
import { SimpleTable } from "@/components/data-table/simple-table";
import { useState, type FormEvent } from "react";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";
import { apiFetch } from "@/lib/api-fetch";

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: string | null;
  banned: boolean | null;
}

export function TeamAdmin({ users, meId }: { users: UserRow[]; meId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const body = Object.fromEntries(new FormData(form));
    const res = await apiFetch("/api/users", { method: "POST", body });
    if (!res.ok) return setError(res.message);
    setError(null);
    form.reset();
    router.refresh();
  }
  async function update(id: string, patch: { role?: Role; disabled?: boolean }) {
    const res = await apiFetch(`/api/users/${id}`, { method: "PATCH", body: patch });
    if (!res.ok) return setError(res.message);
    setError(null);
    router.refresh();
  }

  return (
    <>
      <ErrorAlert message={error} />
      <SimpleTable
        label="Team"
        testId="users"
        rows={users}
        rowKey={(u) => u.id}
        columns={[
          { key: "name", header: "Name", cell: (u) => u.name },
          { key: "email", header: "Email", cell: (u) => u.email },
          {
            key: "role",
            header: "Role",
            cell: (u) => (
              <select
                aria-label={`Role of ${u.email}`}
                value={u.role ?? "viewer"}
                disabled={u.id === meId}
                onChange={(e) => update(u.id, { role: e.target.value as Role })}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            ),
          },
          {
            key: "access",
            header: "Access",
            cell: (u) =>
              u.id === meId ? (
                <span className="muted">you</span>
              ) : (
                <button type="button" className="btn" onClick={() => update(u.id, { disabled: !u.banned })}>
                  {u.banned ? `Enable ${u.email}` : `Disable ${u.email}`}
                </button>
              ),
          },
        ]}
      />
      <form onSubmit={add} className="card" style={{ marginTop: "1rem" }} aria-label="Add a teammate">
        <h3>Add a teammate</h3>
        <div className="table-toolbar">
          <input name="name" type="text" placeholder="Name" aria-label="Name" maxLength={100} />
          <input name="email" type="email" placeholder="Email" aria-label="Email" required />
          <input
            name="password"
            type="password"
            placeholder="Initial password (10+ characters)"
            aria-label="Initial password"
            required
            minLength={10}
            autoComplete="new-password"
          />
          <select name="role" aria-label="Role" defaultValue="member">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <button type="submit" className="btn primary">
            Add
          </button>
        </div>
      </form>
    </>
  );
}

interface TokenRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  email: string;
}

export function TokenAdmin({ tokens }: { tokens: TokenRow[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const body = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ""));
    const res = await apiFetch<{ token: string }>("/api/tokens", { method: "POST", body });
    if (!res.ok) return setError(res.message);
    setError(null);
    setCreated(String(res.data.token));
    form.reset();
    router.refresh();
  }
  async function revoke(id: string) {
    const res = await apiFetch(`/api/tokens/${id}`, { method: "DELETE" });
    if (!res.ok) return setError(res.message);
    router.refresh();
  }

  return (
    <>
      <ErrorAlert message={error} />
      {created && (
        <div className="alert info" role="status">
          Copy this token now; it is not shown again:
          <pre className="diagnostic" data-testid="new-token">
            {created}
          </pre>
        </div>
      )}
      <form onSubmit={create} className="table-toolbar" aria-label="Create an API token">
        <input name="name" type="text" placeholder="What is it for?" aria-label="Token name" required maxLength={100} />
        <input name="email" type="email" placeholder="Acts as (email; default: you)" aria-label="Acts as" />
        <button type="submit" className="btn primary">
          Create token
        </button>
      </form>
      {tokens.length === 0 ? (
        <p className="muted">No API tokens yet.</p>
      ) : (
        <SimpleTable
          label="API tokens"
          rows={tokens}
          rowKey={(t) => t.id}
          columns={[
            { key: "name", header: "Name", cell: (t) => t.name },
            { key: "email", header: "Acts as", cell: (t) => t.email },
            { key: "used", header: "Last used", cell: (t) => (t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace("T", " ") : "never") },
            {
              key: "state",
              header: "State",
              cell: (t) =>
                t.revokedAt ? (
                  <span className="badge failed">revoked</span>
                ) : (
                  <button type="button" className="btn" onClick={() => revoke(t.id)}>
                    Revoke {t.name}
                  </button>
                ),
            },
          ]}
        />
      )}
    </>
  );
}
