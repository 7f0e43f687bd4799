/**
 * Brevo (formerly Sendinblue) CSV exports: transactional logs / event reports (Email, Event, Reason,
 * Message-id, Date, Tag…), in English or French. Headers vary between screens, so matching is
 * lenient; what marks a file as Brevo is an event column or Brevo's own column names. Its events API
 * and webhooks are JSON: events/brevo.ts.
 */
import { HeaderIndex, type BounceFormat } from "./format";
import { resolveGenericColumns } from "./generic";
import { cell, createColumnMapper } from "./record";
import { SYNONYMS } from "./synonyms";

const EVENT_COLUMNS = ["event", "événement", "evenement", "evento", "event type", "type d'événement"];
const BREVO_COLUMNS = ["message-id", "messageId", "message id", "sending ip", "ip d'envoi", "st_text", "ts_event", "motif", "template id", "tag"];

/**
 * Why a Brevo event is not a bounce, or null for a hard or soft bounce: the names of its exports
 * ("Hard bounce", "Soft bounce", "Blocked"…), of its events API ("hardBounces", "blocked"…) and of its
 * webhooks ("hard_bounce", "invalid_email"…). Shared with the JSON reader.
 */
export function brevoSkipReason(event: string): string | null {
  const e = event
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
  if (e === "" || e.includes("bounce") || e.includes("rebote") || e.includes("rebond")) return null;
  // Brevo never sent these: a receiver did not refuse anything.
  if (e.includes("blocked") || e.includes("bloqu")) return "blocked by Brevo before sending (the contact is on your blocklist)";
  if (e.includes("invalid")) return "not sent by Brevo: invalid address";
  if (e === "error" || e === "erreur") return "not sent by Brevo: sending error";
  if (e.includes("deferred") || e.includes("differ")) return "Brevo deferral (a temporary delay, retried)";
  if (e === "spam" || e.includes("complaint") || e.includes("plainte")) return "spam complaint, not a bounce";
  if (e.includes("unsubscribed") || e.includes("desinscri")) return "unsubscribe, not a bounce";
  return `Brevo '${event.trim()}' event, not a bounce`;
}

export const brevo: BounceFormat = {
  id: "brevo",
  label: "Brevo (Sendinblue) bounces",
  detect(header) {
    const h = new HeaderIndex(header);
    if (h.find(SYNONYMS.email) === -1) return 0;
    const brevoish = h.count(...BREVO_COLUMNS) + (h.find(EVENT_COLUMNS) !== -1 ? 1 : 0);
    if (brevoish === 0) return 0;
    return 25 + 5 * brevoish;
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    const cols = resolveGenericColumns(h);
    const event = h.find(EVENT_COLUMNS);
    return createColumnMapper(h, cols, {
      // Brevo writes dates as dd-mm-yyyy in its European exports.
      dayFirst: true,
      skip: event === -1 ? undefined : (fields) => brevoSkipReason(cell(fields, event)),
    });
  },
};
