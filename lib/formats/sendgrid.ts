/**
 * SendGrid CSVs: the bounce/block list (email, reason, status, created as unix seconds or
 * "YYYY-MM-DD HH:MM:SS") and the Email Activity export (processed, message_id, event, email, reason,
 * type, mx, …: one row per event, bounces among deliveries, opens and SendGrid's own drops).
 */
import { withContactColumns } from "./contact-columns";
import { HeaderIndex, type BounceFormat } from "./format";
import { cell, createColumnMapper } from "./record";

/** Columns only SendGrid writes; each one found raises confidence. */
const SENDGRID_COLUMNS = [
  "processed",
  "api_key_id",
  "recv_message_id",
  "credential_id",
  "asm_group_id",
  "marketing_campaign_id",
  "marketing_campaign_name",
  "sg_event_id",
  "sg_message_id",
  "smtp-id",
  "originating_ip",
  "outbound_ip",
];

/** Why an event row is not a bounce, or null for a bounce. Shared with the event webhook reader. */
export function sendgridSkipReason(event: string): string | null {
  const e = event.trim().toLowerCase();
  if (e === "" || e === "bounce" || e === "bounced") return null;
  if (e === "dropped") return "dropped by SendGrid, never sent (a suppressed or invalid address)";
  if (e === "deferred") return "SendGrid deferral (a temporary delay, retried)";
  if (e === "spamreport") return "spam complaint, not a bounce";
  if (e === "unsubscribe" || e === "group_unsubscribe") return "unsubscribe, not a bounce";
  return `SendGrid '${e}' event, not a bounce`;
}

export const sendgrid: BounceFormat = {
  id: "sendgrid",
  label: "SendGrid bounces",
  detect(header) {
    const h = new HeaderIndex(header);
    if (!h.has("email") || !h.hasAny("created", "created_at", "processed", "timestamp")) return 0;
    const own = h.count(...SENDGRID_COLUMNS);
    // email + created alone is also SendGrid's unsubscribe and spam report lists, and any contact list.
    if (own === 0 && !(h.hasAny("created", "created_at") && h.hasAny("reason", "status"))) return 0;
    return 40 + 5 * h.count("reason", "status") + 5 * own;
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    const event = h.find(["event"]);
    return createColumnMapper(
      h,
      withContactColumns(h, {
        email: h.find(["email"]),
        date: h.find(["created", "created_at", "processed", "timestamp"]),
        status: h.find(["status"]),
        diagnostic: h.find(["reason"]),
        remoteMta: h.find(["mx"]),
      }),
      { skip: event === -1 ? undefined : (fields) => sendgridSkipReason(cell(fields, event)) },
    );
  },
};
