/**
 * Brevo (formerly Sendinblue) exports: transactional logs / event reports (Email, Event, Reason,
 * Message-id, Date, Tag…) and contact lists of hard/soft bounces (EMAIL, FIRSTNAME, SMS…), in
 * English or French. Headers vary between screens, so matching is lenient; what marks a file as
 * Brevo is an event column or Brevo's own column names.
 */
import { HeaderIndex, type BounceFormat } from "./format";
import { resolveGenericColumns } from "./generic";
import { cell, createColumnMapper } from "./record";
import { SYNONYMS } from "./synonyms";

const EVENT_COLUMNS = ["event", "événement", "evenement", "evento", "event type", "type d'événement"];
const BREVO_COLUMNS = ["message-id", "messageId", "message id", "sending ip", "ip d'envoi", "st_text", "ts_event", "motif", "template id", "tag"];

/** Event names (normalised: lower-case, letters only) that are delivery failures. */
function isBounceEvent(event: string): boolean {
  const e = event.toLowerCase().replace(/[^a-z]/g, "");
  return (
    e.includes("bounce") || e.includes("rebote") || e.includes("blocked") || e.includes("bloqu") ||
    e.includes("invalid") || e === "error" || e === "erreur" || e === "hardbounces" || e === "softbounces"
  );
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
      skip: (fields) => {
        if (event === -1) return null;
        const e = cell(fields, event);
        if (e === "" || isBounceEvent(e)) return null;
        return `Brevo '${e}' event, not a bounce`;
      },
    });
  },
};
