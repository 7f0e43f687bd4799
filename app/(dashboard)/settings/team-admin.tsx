"use client";

import { useRouter } from "next/navigation";
import { ErrorAlert } from "@/components/forms/form-parts";
import { TableWrap } from "@/components/table-wrap";
import { useState, type FormEvent } from "react";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";

async function call(url: string, method: string, body?: unknown): Promise<{ ok: boolean; data: Record<string, unknown> | null }> {
  const res = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).catch(() => null);
  const data = (await res?.json().catch(() => null)) as Record<string, unknown> | null;
  return { ok: Boolean(res?.ok), data };
}
const messageOf = (data: Record<string, unknown> | null) => ((data?.error as { message?: string } | undefined)?.message ?? "That did not work. Try again.");

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
    const { ok, data } = await call("/api/users", "POST", body);
    if (!ok) return setError(messageOf(data));
    setError(null);
    form.reset();
    router.refresh();
  }
  async function update(id: string, patch: { role?: Role; disabled?: boolean }) {
    const { ok, data } = await call(`/api/users/${id}`, "PATCH", patch);
    if (!ok) return setError(messageOf(data));
    setError(null);
    router.refresh();
  }

  return (
    <>
      <ErrorAlert message={error} />
      <TableWrap label="Team">
        <table className="data" data-testid="users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  <select aria-label={`Role of ${u.email}`} value={u.role ?? "viewer"} disabled={u.id === meId} onChange={(e) => update(u.id, { role: e.target.value as Role })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {u.id === meId ? (
                    <span className="muted">you</span>
                  ) : (
                    <button type="button" className="btn" onClick={() => update(u.id, { disabled: !u.banned })}>
                      {u.banned ? `Enable ${u.email}` : `Disable ${u.email}`}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <form onSubmit={add} className="card" style={{ marginTop: "1rem" }} aria-label="Add a teammate">
        <h3>Add a teammate</h3>
        <div className="table-toolbar">
          <input name="name" type="text" placeholder="Name" aria-label="Name" maxLength={100} />
          <input name="email" type="email" placeholder="Email" aria-label="Email" required />
          <input name="password" type="password" placeholder="Initial password (10+ characters)" aria-label="Initial password" required minLength={10} autoComplete="new-password" />
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
    const { ok, data } = await call("/api/tokens", "POST", body);
    if (!ok) return setError(messageOf(data));
    setError(null);
    setCreated(String(data?.token));
    form.reset();
    router.refresh();
  }
  async function revoke(id: string) {
    const { ok, data } = await call(`/api/tokens/${id}`, "DELETE");
    if (!ok) return setError(messageOf(data));
    router.refresh();
  }

  return (
    <>
      <ErrorAlert message={error} />
      {created && (
        <div className="alert info" role="status">
          Copy this token now; it is not shown again:
          <pre className="diagnostic" data-testid="new-token">{created}</pre>
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
        <TableWrap label="API tokens">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Acts as</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.email}</td>
                  <td>{t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace("T", " ") : "never"}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="badge failed">revoked</span>
                    ) : (
                      <button type="button" className="btn" onClick={() => revoke(t.id)}>
                        Revoke {t.name}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
