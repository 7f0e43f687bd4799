import type { Metadata } from "next";
import { canEdit } from "@/lib/auth/current-user";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Checklist } from "@/components/checklist/checklist";
import { ContactForm, NoteForm, StatusForm } from "./subscriber-forms";
import { CATEGORIES, getCategory } from "@/lib/categories";
import { classify, explain, findRule } from "@/lib/classify";
import { BounceCorrection } from "@/components/corrections/correction-controls";
import { HistoryList } from "@/components/history-list";
import { formatDate, formatDateTime, STATUS_LABELS } from "@/lib/format";
import { parseId } from "@/lib/http";
import { listSubscriberHistory } from "@/lib/queries/events";
import { lastComplaint } from "@/lib/queries/complaints";
import { getSubscriber, type SubscriberDetail } from "@/lib/queries/subscribers";
import { MAX_RAW_MAIL, MAX_STORED_TEXT } from "@/lib/formats/types";
import { isArriving } from "@/lib/queries/arriving";
import { SimpleTable } from "@/components/data-table/simple-table";

export const dynamic = "force-dynamic";

/**
 * Why the rule decided. For the learned fallback: the words that weighed most, recomputed now
 * (the model is deterministic); the rule's description if today's model no longer decides it.
 */
function ruleReason(b: { ruleId: string; dsnStatus: string | null; replyCode: number | null; diagnostic: string | null }): string {
  const why = b.ruleId === "model" ? explain({ status: b.dsnStatus, replyCode: b.replyCode, diagnostic: b.diagnostic }) : null;
  if (why && why.words.length > 0) return why.words.map((w) => `"${w}"`).join(", ");
  return findRule(b.ruleId)?.description ?? "";
}
const categoryLabel = (code: string) => getCategory(code)?.label ?? code;
const CATEGORY_CHOICES = CATEGORIES.map((c) => ({ code: c.code, label: c.label }));
export const metadata: Metadata = { title: "Subscriber" };

export default async function SubscriberPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const numeric = parseId(id);
  const s = numeric === null ? null : await getSubscriber(numeric);
  if (!s) notFound();
  const category = getCategory(s.category);
  const history = await listSubscriberHistory(s);
  const complained = await lastComplaint(s.email);
  // Created by an import that is not done yet: it may be taken back, so nobody changes it meanwhile.
  const arriving = await isArriving(s.id);
  const editable = (await canEdit()) && !arriving;

  return (
    <>
      <div className="breadcrumbs">
        <Link href={`/categories/${s.category}`}>{category?.label ?? s.category}</Link> / {s.email}
      </div>
      <div className="page-header">
        <div>
          <h1>{s.email}</h1>
          <p className="subtitle">
            <span className={`badge ${s.status}`} data-testid="subscriber-status">
              {STATUS_LABELS[s.status]}
            </span>{" "}
            · {s.bounceCount} bounce{s.bounceCount === 1 ? "" : "s"} ·{" "}
            {s.bounces[0]?.dateUnknown && s.bounces[0].occurredAt === s.lastBouncedAt ? "last bounce date unknown" : `last ${formatDateTime(s.lastBouncedAt)}`}
            {s.deliveredSince && (
              <span data-testid="delivered-since">
                {" "}
                · {s.status === "recovered" ? "Delivery confirmed" : s.status === "unrecoverable" ? "Delivered" : "Delivering again, delivered"}{" "}
                {formatDateTime(s.deliveredSince)}
              </span>
            )}
            {complained && (
              <span data-testid="complained">
                {" "}
                · <Link href={`/complaints?email=${encodeURIComponent(s.email)}`}>complained</Link> on {formatDate(complained.occurredAt)} (
                {complained.feedbackType}
                {complained.count > 1 ? `, ${complained.count} reports` : ""})
              </span>
            )}
          </p>
        </div>
      </div>
      {arriving && (
        <p className="alert warn" role="status" data-testid="arriving">
          This subscriber came with an import that is still running (or being rolled back). It is read-only until the import is done, so nothing you do here can
          be taken back with it.
        </p>
      )}

      <div className="grid grid-2">
        <section className="card" aria-labelledby="contact">
          <h3 id="contact">Contact</h3>
          <dl className="fields">
            <dt>Name</dt>
            <dd data-testid="subscriber-name">{s.name ?? "—"}</dd>
            <dt>Phone</dt>
            <dd>{s.phone ? <a href={`tel:${s.phone.replace(/[^\d+]/g, "")}`}>{s.phone}</a> : "—"}</dd>
            <dt>Company</dt>
            <dd>{s.company ?? "—"}</dd>
            <dt>Domain</dt>
            <dd>
              <Link href={`/categories/${s.category}?q=${encodeURIComponent(s.domain)}`}>{s.domain}</Link>
            </dd>
            <dt>Category</dt>
            <dd>
              <Link href={`/categories/${s.category}`}>{category?.label ?? s.category}</Link>
            </dd>
            <dt>Assigned to</dt>
            <dd>{s.assignee ?? "—"}</dd>
          </dl>
          {editable && (
            <div style={{ marginTop: "0.75rem" }}>
              <ContactForm id={s.id} initial={s} />
            </div>
          )}
          <h3 style={{ marginTop: "1.25rem" }}>Status</h3>
          {s.statusReason && <p className="muted">Reason: {s.statusReason}</p>}
          {editable ? (
            <StatusForm id={s.id} status={s.status} reason={s.statusReason} />
          ) : (
            !arriving && <p className="muted">Viewers cannot change the status.</p>
          )}
        </section>
        <section className="card" aria-labelledby="checklist-title">
          <h3 id="checklist-title">Recovery checklist</h3>
          <Checklist tasks={s.tasks} readOnly={!editable} />
        </section>
      </div>

      <h2>Bounces</h2>
      <SimpleTable
        label="Bounces"
        testId="bounces"
        rows={s.bounces}
        rowKey={(b) => String(b.id)}
        columns={[
          {
            key: "date",
            header: "Date",
            cellProps: { "data-testid": "bounce-date" },
            cell: (b) => (
              <>
                {b.dateUnknown ? (
                  <>
                    Unknown
                    <div className="muted">the file gave no date; imported {formatDateTime(b.occurredAt)}</div>
                  </>
                ) : (
                  formatDateTime(b.occurredAt)
                )}
              </>
            ),
          },
          {
            key: "status",
            header: "Status",
            cell: (b) => (
              <>
                <code>{b.dsnStatus ?? "—"}</code>
                {b.replyCode ? <div className="muted">reply {b.replyCode}</div> : null}
              </>
            ),
          },
          {
            key: "reply",
            header: "Server's reply",
            style: { maxWidth: "40rem" },
            cell: (b) => (
              <>
                {/* Untrusted text from a stranger's mail server: rendered as text, never as HTML. */}
                {b.diagnostic !== null ? (
                  <pre className="diagnostic" data-testid="diagnostic">
                    {b.diagnostic}
                  </pre>
                ) : (
                  <p className="muted" data-testid="no-diagnostic" style={{ margin: 0 }}>
                    The platform gave no reason for this bounce.
                  </p>
                )}
                {b.diagnostic && b.diagnostic.length >= MAX_STORED_TEXT ? (
                  <div className="muted" data-testid="diagnostic-cut">
                    Cut at {MAX_STORED_TEXT / 1024} KB: the full reply is in the uploaded file.
                  </div>
                ) : null}
                {b.email ? (
                  <BounceEmailSource bounce={b} email={b.email} />
                ) : (
                  <div className="muted">
                    {b.remoteMta ? `${b.remoteMta} · ` : ""}from <Link href={`/imports/${b.importId}`}>{b.importFileName}</Link>, line {b.line}
                  </div>
                )}
              </>
            ),
          },
          {
            key: "category",
            header: "Category",
            cell: (b) => (
              <>
                {categoryLabel(b.category)}
                {b.categorySource === "team" ? (
                  <CorrectedBy bounce={b} />
                ) : (
                  <div className="muted" data-testid="category-source">
                    {b.categorySource === "export" ? (
                      "from the export"
                    ) : (
                      <>
                        classified by rule <code>{b.ruleId}</code>: {ruleReason(b)}
                      </>
                    )}
                  </div>
                )}
                {b.categorySource === "export" && b.ruleCategory !== b.category && (
                  <div className="muted">
                    Rebound&apos;s rules say {categoryLabel(b.ruleCategory)} (<code>{b.ruleId}</code>)
                  </div>
                )}
                {editable && (
                  <BounceCorrection
                    bounceId={b.id}
                    current={b.category}
                    currentLabel={categoryLabel(b.category)}
                    categories={CATEGORY_CHOICES}
                    correction={b.correction}
                    hasReply={Boolean(b.diagnostic)}
                  />
                )}
              </>
            ),
          },
        ]}
      />

      <h2>Notes and history</h2>
      {editable && <NoteForm id={s.id} />}
      {history.length === 0 ? <p className="muted">Nothing done yet.</p> : <HistoryList events={history} testId="history" />}
    </>
  );
}

/**
 * Where a bounce read from a bounce email came from (the upload, the file in its zip, the message's
 * number), the bounced message's subject, and the email itself behind a toggle: as text only, never
 * as HTML (it is a stranger's message, scripts and all).
 */
function BounceEmailSource({
  bounce: b,
  email,
}: {
  bounce: SubscriberDetail["bounces"][number];
  email: NonNullable<SubscriberDetail["bounces"][number]["email"]>;
}) {
  return (
    <div data-testid="bounce-email">
      {email.subject !== null && (
        <div data-testid="bounced-subject">
          Subject: <q>{email.subject}</q>
          {email.sentAt ? <span className="muted"> · sent {formatDateTime(email.sentAt)}</span> : null}
        </div>
      )}
      <div className="muted" data-testid="bounce-email-source">
        {b.remoteMta ? `${b.remoteMta} · ` : ""}from <Link href={`/imports/${b.importId}`}>{b.importFileName}</Link>
        {email.file !== null ? <> ({email.file})</> : null}, message {email.messageNo}
      </div>
      <details className="bounce-email">
        <summary>Show the bounce email</summary>
        <pre className="diagnostic" data-testid="bounce-email-raw">
          {email.raw}
        </pre>
        {email.rawCut && (
          <div className="muted" data-testid="bounce-email-cut">
            Cut at {MAX_RAW_MAIL / 1024} KB: the whole email is in the uploaded file.
          </div>
        )}
      </details>
    </div>
  );
}

/** Where a corrected bounce's category came from: who, when, how far, and what it would be without. */
function CorrectedBy({ bounce: b }: { bounce: SubscriberDetail["bounces"][number] }) {
  const rules = classify({ status: b.dsnStatus, replyCode: b.replyCode, diagnostic: b.diagnostic });
  const c = b.correction;
  return (
    <>
      <div className="muted" data-testid="category-source">
        {c ? (
          <>
            corrected by {c.createdBy} on {formatDate(c.createdAt)}, {c.covers === "reply" ? "for every bounce with this reply" : "for this bounce only"}
          </>
        ) : (
          "corrected by the team"
        )}
      </div>
      <div className="muted">
        {b.exportCategory ? <>The export said {categoryLabel(b.exportCategory)}; </> : null}
        Rebound&apos;s rules say {categoryLabel(rules.category)} (<code>{rules.ruleId}</code>)
      </div>
    </>
  );
}
