/**
 * Amazon SES as JSON: bounce notifications (one, an array of them, JSON lines, SNS envelopes whose
 * "Message" is the notification as a JSON string, Lambda-style {"Records": …}, event publishing's
 * "eventType" form) and the account's suppression list (ListSuppressedDestinations,
 * GetSuppressedDestination). One notification may list several bounced recipients: each becomes its
 * own row. The To header's display names give the subscribers' names.
 */
import { displayNameFor } from "../display-name";
import { sesCategory, sesLabel, sesSkipReason } from "../ses";
import type { MappedRow } from "../types";
import { eventRow, isObject, list, rejectRow, skipRow, str, type EventReader, type Json } from "./reader";

/** Peels SNS / Lambda wrappers; returns the notifications inside, or an error message. */
function unwrap(value: unknown): (Json | string)[] {
  if (Array.isArray(value)) return value.flatMap(unwrap);
  if (!isObject(value)) return ["not a JSON object"];
  if (Array.isArray(value.Records)) return value.Records.flatMap((r) => unwrap(isObject(r) && isObject(r.Sns) ? r.Sns : r));
  if (isObject(value.Sns)) return unwrap(value.Sns);
  if (value.notificationType === undefined && value.eventType === undefined && "Message" in value) {
    const msg = value.Message;
    if (typeof msg === "string") {
      try {
        return unwrap(JSON.parse(msg));
      } catch {
        return ["the SNS Message is not valid JSON"];
      }
    }
    return unwrap(msg);
  }
  const summaries = list(value, "SuppressedDestinationSummaries");
  if (summaries) return summaries.flatMap(unwrap);
  if (isObject(value.SuppressedDestination)) return [value.SuppressedDestination];
  return [value];
}

const isSuppression = (n: Json) => n.EmailAddress !== undefined && n.Reason !== undefined && n.notificationType === undefined;
const isNotification = (n: Json) => n.notificationType !== undefined || n.eventType !== undefined || isObject(n.bounce);

function readSuppression(n: Json, line: number, raw: string): MappedRow {
  const reason = (str(n.Reason) ?? "").toUpperCase();
  if (reason === "COMPLAINT") return skipRow(line, "suppression list: spam complaint, not a bounce");
  if (reason !== "BOUNCE") return skipRow(line, `suppression list: ${reason.toLowerCase() || "no reason"}, not counted as a bounce`);
  return eventRow({ email: str(n.EmailAddress) ?? "", date: str(n.LastUpdateTime) }, line, raw, "EmailAddress", "LastUpdateTime");
}

function readNotification(n: Json, line: number, raw: string): MappedRow[] {
  const bounce = isObject(n.bounce) ? n.bounce : null;
  const subType = bounce ? str(bounce.bounceSubType) : null;
  const skip = sesSkipReason(str(n.notificationType) ?? str(n.eventType), subType);
  if (skip) return [skipRow(line, skip)];
  const recipients = bounce && Array.isArray(bounce.bouncedRecipients) ? bounce.bouncedRecipients : null;
  if (!bounce || !recipients || recipients.length === 0) {
    return [rejectRow(line, "SES notification without bounced recipients", raw, "bounce.bouncedRecipients")];
  }
  const mail = isObject(n.mail) ? n.mail : {};
  const to = isObject(mail.commonHeaders) ? mail.commonHeaders.to : undefined;
  const date = str(bounce.timestamp) ?? str(mail.timestamp);
  const dateField = str(bounce.timestamp) ? "bounce.timestamp" : "mail.timestamp";
  return recipients.map((r) => {
    const rec = isObject(r) ? r : {};
    const email = str(rec.emailAddress) ?? "";
    return eventRow(
      {
        email,
        date,
        status: str(rec.status),
        diagnostic: str(rec.diagnosticCode),
        remoteMta: str(bounce.remoteMtaIp),
        category: sesCategory(subType),
        name: displayNameFor(to, email),
      },
      line,
      raw,
      "bounce.bouncedRecipients.emailAddress",
      dateField,
    );
  });
}

export const sesEvents: EventReader = {
  id: "ses",
  label: sesLabel,
  dateField: "bounce.timestamp",
  recognise: (value) => unwrap(value).some((n) => isObject(n) && (isNotification(n) || isSuppression(n))),
  read(value, line, raw) {
    return unwrap(value).flatMap((n) => {
      if (typeof n === "string") return [rejectRow(line, n, raw)];
      if (isSuppression(n)) return [readSuppression(n, line, raw)];
      return readNotification(n, line, raw);
    });
  },
};
