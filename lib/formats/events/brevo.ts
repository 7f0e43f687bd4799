/**
 * Brevo as JSON: the transactional events API (GET /v3/smtp/statistics/events → {events: […]}) and
 * the transactional webhook payload ({event: "hard_bounce", email, date, ts_event, reason, …}). Only
 * hard and soft bounces are bounces: "blocked", "invalid", "error" are messages Brevo itself never
 * sent.
 */
import { brevoSkipReason } from "../brevo";
import type { MappedRow } from "../types";
import { eventRow, first, firstObject, isObject, list, readEach, rejectRow, skipRow, str, type EventReader, type Json } from "./reader";

const isEvent = (o: Json) =>
  typeof o.event === "string" &&
  typeof o.email === "string" &&
  (o.date !== undefined || o.ts_event !== undefined || o.ts_epoch !== undefined || o["message-id"] !== undefined || o.messageId !== undefined);

function readEvent(o: Json, line: number, raw: string): MappedRow {
  const skip = brevoSkipReason(str(o.event) ?? "");
  if (skip) return skipRow(line, skip);
  // The webhook's epoch fields are unambiguous; its "date" has no zone. The API's "date" has one.
  const date = first(o, "ts_epoch", "ts_event", "date", "ts");
  return eventRow({ email: str(o.email) ?? "", date, diagnostic: str(o.reason) }, line, raw, "email", "date");
}

function readValue(value: unknown, line: number, raw: string): MappedRow[] {
  return readEach(value, line, raw, ["events"], (o) =>
    isEvent(o) ? [readEvent(o, line, raw)] : [rejectRow(line, "not a Brevo event (no event, email or date)", raw)],
  );
}

export const brevoEvents: EventReader = {
  id: "brevo",
  label: "Brevo email events (JSON)",
  dateField: "date",
  recognise(value) {
    if (!isObject(value)) return false;
    const event = firstObject(list(value, "events"));
    if (event) return isEvent(event);
    if (Array.isArray(value.events)) return true;
    return isEvent(value) && value.sg_event_id === undefined;
  },
  read: readValue,
};
