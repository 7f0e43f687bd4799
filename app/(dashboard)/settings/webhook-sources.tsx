"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { ErrorAlert } from "@/components/forms/form-parts";
import { PROVIDERS, PROVIDER_INFO, type Provider } from "@/lib/webhooks/providers";
import type { Credentials, SourceView } from "@/lib/webhooks/sources";

async function call(url: string, method: string, body?: unknown): Promise<{ ok: boolean; data: Record<string, unknown> | null }> {
  const res = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).catch(
    () => null,
  );
  const data = (await res?.json().catch(() => null)) as Record<string, unknown> | null;
  return { ok: Boolean(res?.ok), data };
}
const messageOf = (data: Record<string, unknown> | null) => (data?.error as { message?: string } | undefined)?.message ?? "That did not work. Try again.";
const when = (iso: string) => iso.slice(0, 16).replace("T", " ") + " UTC";

/** The address the page was reached at, once in the browser (the server cannot know what the platforms see). */
function useOrigin(): string {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  return origin;
}

function Secrets({ title, url, credentials }: { title: string; url?: string; credentials: Credentials | null }) {
  return (
    <div className="alert info" role="status" data-testid="new-source">
      <p>{title}</p>
      {url && (
        <p>
          URL to paste into the platform: <code data-testid="new-source-url">{url}</code>
        </p>
      )}
      {credentials?.user && (
        <dl className="fields">
          <dt>User</dt>
          <dd>
            <code data-testid="new-source-user">{credentials.user}</code>
          </dd>
          <dt>Password</dt>
          <dd>
            <code data-testid="new-source-password">{credentials.password}</code>
          </dd>
          {credentials.bearerToken && (
            <>
              <dt>Bearer token</dt>
              <dd>
                <code data-testid="new-source-bearer">{credentials.bearerToken}</code>
              </dd>
            </>
          )}
        </dl>
      )}
      {credentials?.user && <p>Copy them now: they are not shown again (Rebound keeps only a hash).</p>}
    </div>
  );
}

export function WebhookSources({ sources }: { sources: SourceView[] }) {
  const router = useRouter();
  const origin = useOrigin();
  const [provider, setProvider] = useState<Provider>("postmark");
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ title: string; url?: string; credentials: Credentials | null } | null>(null);
  const info = PROVIDER_INFO[provider];

  async function connect(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const values = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ""));
    const body = { ...values, bearer: values.bearer === "on" ? true : undefined };
    const { ok, data } = await call("/api/webhook-sources", "POST", body);
    if (!ok) return setError(messageOf(data));
    setError(null);
    setShown({ title: `${info.label} connected.`, url: origin + String(data?.path), credentials: (data?.credentials as Credentials | null) ?? null });
    form.reset();
    setProvider("postmark");
    router.refresh();
  }

  async function act(source: SourceView, body: Record<string, unknown>) {
    const { ok, data } = await call(`/api/webhook-sources/${source.id}`, "PATCH", body);
    if (!ok) return setError(messageOf(data));
    setError(null);
    if (body.action === "rotate") setShown({ title: `New secret for ${source.name}.`, credentials: (data?.credentials as Credentials | null) ?? null });
    router.refresh();
  }

  async function remove(source: SourceView) {
    if (!window.confirm(`Delete ${source.name}? ${source.providerLabel} requests to its URL will be refused from now on.`)) return;
    const { ok, data } = await call(`/api/webhook-sources/${source.id}`, "DELETE");
    if (!ok) return setError(messageOf(data));
    router.refresh();
  }

  return (
    <>
      <ErrorAlert message={error} />
      {shown && <Secrets {...shown} />}
      <form onSubmit={connect} className="card" aria-label="Connect a platform">
        <h3>Connect a platform</h3>
        <div className="field">
          <label htmlFor="source-provider">Platform</label>
          <select id="source-provider" name="provider" value={provider} onChange={(e) => setProvider(e.target.value as Provider)}>
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {PROVIDER_INFO[p].label}
              </option>
            ))}
          </select>
        </div>
        <ol className="muted" aria-label={`How to connect ${info.label}`}>
          {info.howTo.map((step) => (
            <li key={step}>{step.replace("the URL above", "the URL Rebound shows once the source is made")}</li>
          ))}
        </ol>
        <div className="field">
          <label htmlFor="source-name">Name</label>
          <input id="source-name" name="name" type="text" maxLength={100} placeholder={`${info.label} (optional)`} />
        </div>
        {info.auth === "signature" && (
          <div className="field">
            <label htmlFor="source-key">{info.keyLabel}</label>
            <textarea id="source-key" name="key" rows={3} required spellCheck={false} />
          </div>
        )}
        {info.auth === "sns" && (
          <div className="field">
            <label htmlFor="source-topics">SNS topic ARNs (one a line)</label>
            <textarea id="source-topics" name="topicArns" rows={2} required spellCheck={false} placeholder="arn:aws:sns:eu-west-1:123456789012:ses-bounces" />
          </div>
        )}
        {info.bearer === true && (
          <div className="field">
            <label>
              <input type="checkbox" name="bearer" /> Also make a bearer token
            </label>
          </div>
        )}
        <button type="submit" className="btn primary">
          Connect
        </button>
      </form>
      {sources.length === 0 ? (
        <p className="muted">No platform connected yet: bounces arrive only through imports.</p>
      ) : (
        <div className="grid" data-testid="webhook-sources" style={{ marginTop: "1rem" }}>
          {sources.map((s) => (
            <SourceCard key={s.id} source={s} origin={origin} onAct={(body) => act(s, body)} onDelete={() => remove(s)} />
          ))}
        </div>
      )}
    </>
  );
}

function SourceCard({
  source: s,
  origin,
  onAct,
  onDelete,
}: {
  source: SourceView;
  origin: string;
  onAct: (body: Record<string, unknown>) => void;
  onDelete: () => void;
}) {
  const info = PROVIDER_INFO[s.provider];
  const [rotating, setRotating] = useState(false);
  function rotate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(e.currentTarget));
    onAct({ action: "rotate", ...values });
    setRotating(false);
  }
  return (
    <section className="card" aria-label={`Source ${s.name}`}>
      <h3>
        {s.name} {s.paused && <span className="badge failed">paused</span>}
      </h3>
      <dl className="fields">
        <dt>Platform</dt>
        <dd>{s.providerLabel}</dd>
        <dt>URL</dt>
        <dd>
          <code>{origin + s.path}</code>
        </dd>
        {s.basicUser && (
          <>
            <dt>Basic-auth user</dt>
            <dd>
              <code>{s.basicUser}</code> (password shown once{s.hasBearer ? "; bearer token too" : ""})
            </dd>
          </>
        )}
        {s.topics.length > 0 && (
          <>
            <dt>Allowed topics</dt>
            <dd>{s.topics.join(", ")}</dd>
          </>
        )}
        <dt>Last request</dt>
        <dd data-testid="source-last-request">
          {s.lastRequest ? `${when(s.lastRequest.at)}: ${s.lastRequest.outcome}${s.lastRequest.reason ? ` (${s.lastRequest.reason})` : ""}` : "none yet"}
        </dd>
        <dt>Last 24 hours</dt>
        <dd data-testid="source-counts">
          {s.day.accepted} accepted, {s.day.duplicates} duplicates, {s.day.rejected} rejected
          {s.pendingEvents > 0 ? `; ${s.pendingEvents} bounces waiting to be imported` : ""}
        </dd>
      </dl>
      {s.day.reasons.length > 0 && (
        <ul aria-label="Why requests were rejected">
          {s.day.reasons.map((r) => (
            <li key={r.reason}>
              {r.reason}: {r.count}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>How to connect {info.label}</summary>
        <ol>
          {info.howTo.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </details>
      <div className="table-toolbar">
        <button type="button" className="btn small" onClick={() => onAct({ action: s.paused ? "resume" : "pause" })}>
          {s.paused ? "Resume" : "Pause"} {s.name}
        </button>
        {info.auth === "basic" ? (
          <button
            type="button"
            className="btn small"
            onClick={() => window.confirm("New credentials replace the old ones at once: the platform must be given them.") && onAct({ action: "rotate" })}
          >
            Rotate secret of {s.name}
          </button>
        ) : (
          <button type="button" className="btn small" onClick={() => setRotating((v) => !v)}>
            {info.auth === "sns" ? "Change topics" : "Replace key"} of {s.name}
          </button>
        )}
        <button type="button" className="btn small" onClick={onDelete}>
          Delete {s.name}
        </button>
      </div>
      {rotating && (
        <form onSubmit={rotate} aria-label={`New secret for ${s.name}`}>
          <div className="field">
            <label htmlFor={`rotate-${s.id}`}>{info.auth === "sns" ? "SNS topic ARNs (one a line)" : info.keyLabel}</label>
            <textarea
              id={`rotate-${s.id}`}
              name={info.auth === "sns" ? "topicArns" : "key"}
              rows={2}
              required
              spellCheck={false}
              defaultValue={info.auth === "sns" ? s.topics.join("\n") : ""}
            />
          </div>
          <button type="submit" className="btn">
            Save
          </button>
        </form>
      )}
    </section>
  );
}
