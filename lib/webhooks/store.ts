/**
 * What a request leaves in the database, in one write transaction each: a rejection (counted with
 * its reason), or an accepted body with its new events, after the replay check. Dates are unix
 * milliseconds, as Prisma stores them here (lib/db/sqlite.ts).
 */
import { sqlite, writeTransaction } from "../db/sqlite";
import type { IncomingEvent } from "./events";
import type { Provider } from "./providers";
import { sha256Hex } from "./verify/common";

/** Delivery rows (and their bodies) are kept this long, for the Settings page's counts and for looking back. */
const KEEP_DELIVERIES_MS = 30 * 24 * 3600_000;

export async function recordRejection(sourceId: string, reason: string, now = Date.now()): Promise<void> {
  const db = sqlite();
  await writeTransaction(db, () => {
    db.prepare("INSERT INTO WebhookDelivery (sourceId, receivedAt, outcome, reason, events) VALUES (?, ?, 'rejected', ?, 0)").run(
      sourceId,
      now,
      reason.slice(0, 300),
    );
  });
}

export type AcceptOutcome =
  | { outcome: "accepted"; newEvents: number; newBounces: number; deliveries: number }
  | { outcome: "duplicate" }
  | { outcome: "replay" };

export interface Delivery {
  sourceId: string;
  provider: Provider;
  body: Buffer;
  events: readonly IncomingEvent[];
  /** What the signature makes unique (a signature, a token, an SNS message id), remembered until `until`. */
  replay?: { key: string; until: number };
  /** A note kept with the delivery (an SNS subscription confirmed…). */
  note?: string;
}

/**
 * Keeps a verified request. A replay key seen before with the same body is the platform sending
 * again (a retry): a duplicate, answered 200. With another body it is a forgery reusing a captured
 * signature (Mailgun's signs no body): refused and counted.
 */
export async function acceptDelivery(d: Delivery, now = Date.now()): Promise<AcceptOutcome> {
  const db = sqlite();
  const bodyHash = sha256Hex(d.body);
  return writeTransaction(db, (): AcceptOutcome => {
    if (d.replay) {
      db.prepare("DELETE FROM WebhookReplay WHERE expiresAt < ?").run(now);
      const seen = db.prepare("SELECT bodyHash FROM WebhookReplay WHERE key = ?").pluck().get(d.replay.key) as string | undefined;
      if (seen !== undefined) {
        const duplicate = seen === bodyHash;
        db.prepare("INSERT INTO WebhookDelivery (sourceId, receivedAt, outcome, reason, events) VALUES (?, ?, ?, ?, 0)").run(
          d.sourceId,
          now,
          duplicate ? "duplicate" : "rejected",
          duplicate ? "signature seen before (a retry)" : "replayed signature or token with another body",
        );
        return duplicate ? { outcome: "duplicate" } : { outcome: "replay" };
      }
      db.prepare("INSERT INTO WebhookReplay (key, bodyHash, expiresAt) VALUES (?, ?, ?)").run(d.replay.key, bodyHash, d.replay.until);
    }
    const deliveryId = db
      .prepare("INSERT INTO WebhookDelivery (sourceId, receivedAt, outcome, reason, events, body) VALUES (?, ?, 'accepted', ?, 0, ?)")
      .run(d.sourceId, now, d.note ?? null, d.body.toString("utf8")).lastInsertRowid;
    const insertEvent = db.prepare(
      "INSERT OR IGNORE INTO WebhookEvent (sourceId, deliveryId, idempotencyKey, kind, payload, receivedAt, processedAt) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const insertComplaint = db.prepare(
      "INSERT OR IGNORE INTO Complaint (email, sourceId, feedbackType, reporter, occurredAt, subject, messageId, dedupeKey, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    // A delivery only moves a known subscriber's lastDeliveredAt forward (never back): no event row, so
    // the far more numerous deliveries cost no storage, and a redelivered one changes nothing.
    const markDelivered = db.prepare("UPDATE Subscriber SET lastDeliveredAt = ? WHERE email = ? AND (lastDeliveredAt IS NULL OR lastDeliveredAt < ?)");
    // A complaint is done once it is in Complaint; only bounces wait for the processor.
    let newEvents = 0;
    let newBounces = 0;
    let deliveries = 0;
    for (const e of d.events) {
      if (e.kind === "delivery") {
        const at = e.occurredAt.getTime();
        deliveries += markDelivered.run(at, e.email, at).changes;
        continue;
      }
      const key = e.key.slice(0, 500);
      if (insertEvent.run(d.sourceId, deliveryId, key, e.kind, JSON.stringify(e.payload), now, e.kind === "complaint" ? now : null).changes === 0) continue;
      newEvents++;
      if (e.kind === "bounce") newBounces++;
      else {
        const c = e.complaint;
        insertComplaint.run(
          c.email,
          d.sourceId,
          c.feedbackType.slice(0, 100),
          c.reporter.slice(0, 200),
          c.occurredAt.getTime(),
          c.subject?.slice(0, 500) ?? null,
          c.messageId?.slice(0, 500) ?? null,
          `${d.provider}:${key}`,
          now,
        );
      }
    }
    if (newEvents === 0 && d.events.some((e) => e.kind !== "delivery")) {
      // Every event in it was kept before: a redelivery. Its body adds nothing, so it is not kept twice.
      db.prepare("UPDATE WebhookDelivery SET outcome = 'duplicate', reason = 'every event seen before', body = NULL WHERE id = ?").run(deliveryId);
      return { outcome: "duplicate" };
    }
    db.prepare("UPDATE WebhookDelivery SET events = ? WHERE id = ?").run(newEvents + deliveries, deliveryId);
    return { outcome: "accepted", newEvents, newBounces, deliveries };
  });
}

/** Old delivery rows go (their events stay until their source is deleted). */
export async function pruneDeliveries(now = Date.now()): Promise<void> {
  const db = sqlite();
  await writeTransaction(db, () => {
    db.prepare("DELETE FROM WebhookDelivery WHERE receivedAt < ?").run(now - KEEP_DELIVERIES_MS);
  });
}
