/**
 * Mailgun as JSON: the events API (GET /v3/{domain}/events → {items: […], paging}), the webhook
 * payload ({signature, "event-data": {…}}) and one event. Only permanent "failed" events are
 * bounces: temporary ones are retried, and the "suppress-*" ones were never sent (the address was on
 * Mailgun's suppression lists). The To header's display name gives the subscriber's name.
 */
import { displayNameFor } from "../display-name";
import type { MappedRow } from "../types";
import { eventRow, firstObject, isObject, list, readEach, rejectRow, skipRow, str, type EventReader, type Json } from "./reader";

const isEvent = (o: Json) => typeof o.event === "string" && (o.recipient !== undefined || o["delivery-status"] !== undefined || o["log-level"] !== undefined);

function skipReason(o: Json): string | null {
  const event = (str(o.event) ?? "").toLowerCase();
  if (event === "rejected") return "not sent by Mailgun (rejected event)";
  if (event === "complained") return "spam complaint, not a bounce";
  if (event === "unsubscribed") return "unsubscribe, not a bounce";
  if (event !== "failed" && event !== "bounced") return `Mailgun '${event}' event, not a bounce`;
  if ((str(o.reason) ?? "").toLowerCase().startsWith("suppress-")) return "not sent by Mailgun: the address is on a suppression list";
  if ((str(o.severity) ?? "").toLowerCase() === "temporary") return "Mailgun temporary failure (retried)";
  return null;
}

function readEvent(o: Json, line: number, raw: string): MappedRow {
  const skip = skipReason(o);
  if (skip) return skipRow(line, skip);
  const status = isObject(o["delivery-status"]) ? o["delivery-status"] : {};
  const message = isObject(o.message) ? o.message : {};
  const headers = isObject(message.headers) ? message.headers : {};
  const email = str(o.recipient) ?? "";
  // Mailgun's own codes (605 "previously bounced"…) are not SMTP replies: the reply-code parser keeps only 2xx/4xx/5xx.
  const code = str(status.code);
  return eventRow(
    {
      email,
      date: str(o.timestamp),
      status: str(status["enhanced-code"]),
      replyCode: code,
      diagnostic: str(status.message) || str(status.description),
      remoteMta: str(status["mx-host"]),
      name: displayNameFor(headers.to, email),
    },
    line,
    raw,
    "recipient",
    "timestamp",
  );
}

function readValue(value: unknown, line: number, raw: string): MappedRow[] {
  return readEach(value, line, raw, ["items"], (o) => {
    if (isObject(o["event-data"])) return readValue(o["event-data"], line, raw);
    if (isEvent(o)) return [readEvent(o, line, raw)];
    return [rejectRow(line, "not a Mailgun event (no event or recipient)", raw)];
  });
}

export const mailgunEvents: EventReader = {
  id: "mailgun",
  label: "Mailgun events (JSON)",
  dateField: "timestamp",
  recognise(value) {
    if (!isObject(value)) return false;
    const item = firstObject(list(value, "items"));
    if (item) return isEvent(item);
    if (Array.isArray(value.items)) return isObject(value.paging);
    if (isObject(value["event-data"])) return true;
    return isEvent(value);
  },
  read: readValue,
};
