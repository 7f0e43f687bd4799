/**
 * SendGrid as JSON: the event webhook (an array of events: {email, timestamp, event, reason, status,
 * type, sg_event_id, …}) and the bounce and block lists (GET /v3/suppression/bounces, /blocks →
 * [{created, email, reason, status}]). Only "bounce" events are bounces ("dropped" messages were
 * never sent).
 */
import { sendgridSkipReason } from "../sendgrid";
import type { MappedRow } from "../types";
import { eventRow, first, isObject, readEach, rejectRow, skipRow, str, type EventReader, type Json } from "./reader";

const isEvent = (o: Json) => typeof o.event === "string" && typeof o.email === "string" && o.timestamp !== undefined;
const isListEntry = (o: Json) => typeof o.email === "string" && o.created !== undefined && (o.reason !== undefined || o.status !== undefined);

function readEntry(o: Json, line: number, raw: string): MappedRow {
  if (isEvent(o)) {
    const skip = sendgridSkipReason(str(o.event) ?? "");
    if (skip) return skipRow(line, skip);
  }
  return eventRow(
    { email: str(o.email) ?? "", date: first(o, "timestamp", "created"), status: str(o.status), diagnostic: str(o.reason) },
    line,
    raw,
    "email",
    isEvent(o) ? "timestamp" : "created",
  );
}

function readValue(value: unknown, line: number, raw: string): MappedRow[] {
  return readEach(value, line, raw, [], (o) =>
    isEvent(o) || isListEntry(o) ? [readEntry(o, line, raw)] : [rejectRow(line, "not a SendGrid event (no email, event or timestamp)", raw)],
  );
}

export const sendgridEvents: EventReader = {
  id: "sendgrid",
  label: "SendGrid events or bounce list (JSON)",
  dateField: "timestamp",
  // Brevo's webhook also has email and event, but a "date" and no "timestamp".
  recognise: (value) => isObject(value) && (isListEntry(value) || (isEvent(value) && value.date === undefined)),
  read: readValue,
};
