/**
 * SparkPost as JSON: the events API (GET /api/v1/events/message → {results: […], total_count,
 * links}), webhook batches ([{msys: {message_event: {…}}}, …]) and the suppression list API
 * ({results: [{recipient, type, source, description, created, updated}]}), where only "Bounce Rule"
 * entries are bounces.
 */
import { sparkpostCategory, sparkpostSkipReason, sparkpostSuppressionSkipReason } from "../sparkpost";
import type { MappedRow } from "../types";
import { eventRow, firstObject, isObject, list, readEach, rejectRow, skipRow, str, type EventReader, type Json } from "./reader";

const isEvent = (o: Json) => typeof o.type === "string" && (o.rcpt_to !== undefined || o.raw_rcpt_to !== undefined || o.event_id !== undefined);
const isSuppression = (o: Json) => o.recipient !== undefined && o.source !== undefined;

function readEvent(o: Json, line: number, raw: string): MappedRow {
  const bounceClass = str(o.bounce_class) ?? "";
  const skip = sparkpostSkipReason(str(o.type) ?? "", bounceClass);
  if (skip) return skipRow(line, skip);
  return eventRow(
    {
      email: str(o.rcpt_to) ?? str(o.raw_rcpt_to) ?? "",
      date: str(o.timestamp) ?? str(o.injection_time),
      replyCode: str(o.error_code),
      diagnostic: str(o.raw_reason) || str(o.reason),
      remoteMta: str(o.ip_address),
      category: sparkpostCategory(bounceClass),
    },
    line,
    raw,
    "rcpt_to",
    "timestamp",
  );
}

function readSuppression(o: Json, line: number, raw: string): MappedRow {
  const skip = sparkpostSuppressionSkipReason(str(o.source) ?? "");
  if (skip) return skipRow(line, skip);
  return eventRow({ email: str(o.recipient) ?? "", date: str(o.created) ?? str(o.updated), diagnostic: str(o.description) }, line, raw, "recipient", "created");
}

function readValue(value: unknown, line: number, raw: string): MappedRow[] {
  return readEach(value, line, raw, ["results"], (o) => {
    if (isObject(o.msys)) {
      // One event per webhook entry, under a key naming its family (message_event, track_event, …).
      const inner = Object.values(o.msys).find(isObject);
      return inner ? [readEvent(inner, line, raw)] : [rejectRow(line, "empty SparkPost webhook entry", raw)];
    }
    if (isSuppression(o)) return [readSuppression(o, line, raw)];
    if (isEvent(o)) return [readEvent(o, line, raw)];
    return [rejectRow(line, "not a SparkPost event (no type or rcpt_to)", raw)];
  });
}

export const sparkpostEvents: EventReader = {
  id: "sparkpost",
  label: "SparkPost events or suppression list (JSON)",
  dateField: "timestamp",
  recognise(value) {
    if (!isObject(value)) return false;
    const result = firstObject(list(value, "results"));
    if (result) return isEvent(result) || isSuppression(result);
    if (Array.isArray(value.results)) return value.total_count !== undefined || value.links !== undefined;
    return isObject(value.msys) || isEvent(value) || isSuppression(value);
  },
  read: readValue,
};
