"use client";

import Link from "next/link";
import { useState } from "react";
import { ApplyOffer, UndoButton } from "@/components/corrections/correction-controls";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { CorrectionView } from "@/lib/queries/corrections";

/**
 * The corrections table (or its empty state), with apply and undo for members. What the last action
 * did is said above it: an undone correction's row is gone once the page has refreshed.
 */
export function CorrectionList({ corrections, labels, editable }: { corrections: CorrectionView[]; labels: Record<string, string>; editable: boolean }) {
  const [notice, setNotice] = useState<string | null>(null);
  const label = (code: string) => labels[code] ?? code;
  return (
    <>
      {notice && (
        <p className="alert info" role="status">
          {notice}
        </p>
      )}
      {corrections.length === 0 ? (
        <div className="card empty-state">
          <h3>No corrections yet</h3>
          <p>On a subscriber&apos;s page, choose &ldquo;This is really…&rdquo; beside a bounce whose category is wrong. Its correction appears here.</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="corrections">
            <thead>
              <tr>
                <th scope="col">Server&apos;s reply</th>
                <th scope="col">Really</th>
                <th scope="col">Rules say</th>
                <th scope="col" className="num">
                  Bounces
                </th>
                <th scope="col">By</th>
                {editable && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {corrections.map((c) => (
                <tr key={c.id}>
                  <td style={{ minWidth: "16rem", maxWidth: "36rem" }}>
                    {/* A stranger's reply: rendered as text. */}
                    <pre className="diagnostic">{c.reply || "(no reply text)"}</pre>
                    <div className="muted">{c.covers === "reply" ? "Every bounce with this reply, later imports too" : "This bounce only"}</div>
                  </td>
                  <td>
                    <Link href={`/categories/${c.category}?corrected=1`}>{label(c.category)}</Link>
                  </td>
                  <td>{label(c.rulesSay)}</td>
                  <td className="num">{formatNumber(c.bounces)}</td>
                  <td>
                    {c.createdBy}
                    <div className="muted">{formatDateTime(c.createdAt)}</div>
                    {c.appliedBy && <div className="muted">applied to the reply by {c.appliedBy}</div>}
                  </td>
                  {editable && (
                    <td>
                      {c.covers === "bounce" && c.reply && <ApplyOffer id={c.id} replyKey={c.replyKey} category={label(c.category)} onDone={setNotice} />}
                      <UndoButton id={c.id} bounces={c.bounces} onDone={setNotice} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
