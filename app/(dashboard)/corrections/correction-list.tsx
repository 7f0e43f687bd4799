"use client";

import Link from "next/link";
import { useState } from "react";
import { ApplyOffer, UndoButton } from "@/components/corrections/correction-controls";
import { SimpleTable } from "@/components/data-table/simple-table";
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
        <SimpleTable
          label="Corrections"
          testId="corrections"
          rows={corrections}
          rowKey={(c) => String(c.id)}
          columns={[
            {
              key: "reply",
              header: "Server's reply",
              style: { minWidth: "16rem", maxWidth: "36rem" },
              cell: (c) => (
                <>
                  {/* A stranger's reply: rendered as text. */}
                  <pre className="diagnostic">{c.reply || "(no reply text)"}</pre>
                  <div className="muted">{c.covers === "reply" ? "Every bounce with this reply, later imports too" : "This bounce only"}</div>
                </>
              ),
            },
            { key: "really", header: "Really", cell: (c) => <Link href={`/categories/${c.category}?corrected=1`}>{label(c.category)}</Link> },
            { key: "rules", header: "Rules say", cell: (c) => label(c.rulesSay) },
            { key: "bounces", header: "Bounces", numeric: true, cell: (c) => formatNumber(c.bounces) },
            {
              key: "by",
              header: "By",
              cell: (c) => (
                <>
                  {c.createdBy}
                  <div className="muted">{formatDateTime(c.createdAt)}</div>
                  {c.appliedBy && <div className="muted">applied to the reply by {c.appliedBy}</div>}
                </>
              ),
            },
            editable && {
              key: "actions",
              header: "Actions",
              cell: (c) => (
                <>
                  {c.covers === "bounce" && c.reply && <ApplyOffer id={c.id} replyKey={c.replyKey} category={label(c.category)} onDone={setNotice} />}
                  <UndoButton id={c.id} bounces={c.bounces} onDone={setNotice} />
                </>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
