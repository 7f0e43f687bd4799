/**
 * Postmark as JSON: the bounces API (GET /bounces → {TotalCount, Bounces: […]}), one bounce
 * (GET /bounces/{id}), the bounce webhook (RecordType "Bounce"; other record types are not bounces)
 * and the suppressions dump (GET /message-streams/{stream}/suppressions/dump → {Suppressions: […]},
 * where only HardBounce entries are bounces). Details is the server's reply; Description is Postmark's
 * fixed text for the type and is not stored.
 */
import { postmarkCategory, postmarkSkipReason } from "../postmark";
import type { MappedRow } from "../types";
import { eventRow, firstObject, isObject, list, readEach, rejectRow, skipRow, str, type EventReader, type Json } from "./reader";

const isBounce = (o: Json) => o.Email !== undefined && (o.TypeCode !== undefined || o.BouncedAt !== undefined);
const isSuppression = (o: Json) => o.EmailAddress !== undefined && o.SuppressionReason !== undefined;

function readBounce(o: Json, line: number, raw: string): MappedRow {
  const record = str(o.RecordType);
  if (record && record.toLowerCase() !== "bounce") return skipRow(line, postmarkSkipReason(record, "") ?? `Postmark ${record} record, not a bounce`);
  const type = str(o.Type) ?? "";
  const skip = postmarkSkipReason(type, str(o.TypeCode) ?? "");
  if (skip) return skipRow(line, skip);
  return eventRow(
    { email: str(o.Email) ?? "", date: str(o.BouncedAt), diagnostic: str(o.Details), category: postmarkCategory(type) },
    line,
    raw,
    "Email",
    "BouncedAt",
  );
}

function readSuppression(o: Json, line: number, raw: string): MappedRow {
  const reason = (str(o.SuppressionReason) ?? "").toLowerCase();
  if (reason === "spamcomplaint") return skipRow(line, "suppression list: spam complaint, not a bounce");
  if (reason === "manualsuppression") return skipRow(line, "suppression list: added by hand, not a bounce");
  if (reason !== "hardbounce") return skipRow(line, `suppression list: ${reason || "no reason"}, not counted as a bounce`);
  return eventRow({ email: str(o.EmailAddress) ?? "", date: str(o.CreatedAt) }, line, raw, "EmailAddress", "CreatedAt");
}

function readValue(value: unknown, line: number, raw: string): MappedRow[] {
  return readEach(value, line, raw, ["Bounces", "Suppressions"], (o) => {
    if (isSuppression(o)) return [readSuppression(o, line, raw)];
    if (isBounce(o) || o.RecordType !== undefined) return [readBounce(o, line, raw)];
    return [rejectRow(line, "not a Postmark bounce (no Email, Type or BouncedAt)", raw)];
  });
}

export const postmarkEvents: EventReader = {
  id: "postmark",
  label: "Postmark bounces (JSON)",
  dateField: "BouncedAt",
  recognise(value) {
    if (!isObject(value)) return false;
    const page = firstObject(list(value, "Bounces") ?? list(value, "Suppressions"));
    if (page) return isBounce(page) || isSuppression(page);
    if (Array.isArray(value.Bounces) || Array.isArray(value.Suppressions)) return value.TotalCount !== undefined || value.Suppressions !== undefined;
    return isBounce(value) || isSuppression(value) || (typeof value.RecordType === "string" && value.MessageStream !== undefined);
  },
  read: readValue,
};
