/**
 * Amazon SES bounce notifications as JSON: one notification, an array of them, JSON lines, SNS
 * envelopes whose "Message" is the notification as a JSON string, and Lambda-style {"Records": …}.
 * One notification may list several bounced recipients: each becomes its own row.
 */
import { buildBounceRow, reject } from "./record";
import { sesCategory, sesFallbackDiagnostic, sesSkipReason } from "./ses";
import type { MappedRow } from "./types";

type Json = Record<string, unknown>;

const RAW_CAP = 4000;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

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
  return [value];
}

/** True when the value is (or wraps) an SES notification. */
export function looksLikeSes(value: unknown): boolean {
  return unwrap(value).some(
    (n) => isObject(n) && (n.notificationType !== undefined || n.eventType !== undefined || isObject(n.bounce)),
  );
}

/** Maps one top-level JSON value (already parsed) to rows. */
export function mapSesValue(value: unknown, line: number, rawText: string): MappedRow[] {
  const raw = rawText.length > RAW_CAP ? rawText.slice(0, RAW_CAP) + "…" : rawText;
  const rows: MappedRow[] = [];
  for (const n of unwrap(value)) {
    if (typeof n === "string") {
      rows.push(reject(line, n, null, raw));
      continue;
    }
    const kind = str(n.notificationType) ?? str(n.eventType);
    const skip = sesSkipReason(kind);
    if (skip) {
      rows.push({ kind: "skip", line, reason: skip });
      continue;
    }
    const bounce = n.bounce;
    const recipients = isObject(bounce) && Array.isArray(bounce.bouncedRecipients) ? bounce.bouncedRecipients : null;
    if (!isObject(bounce) || !recipients || recipients.length === 0) {
      rows.push(reject(line, "SES notification without bounced recipients", "bounce.bouncedRecipients", raw));
      continue;
    }
    const mail = isObject(n.mail) ? n.mail : {};
    const type = str(bounce.bounceType);
    const subType = str(bounce.bounceSubType);
    const date = str(bounce.timestamp) ?? str(mail.timestamp);
    for (const r of recipients) {
      const rec = isObject(r) ? r : {};
      rows.push(
        buildBounceRow(
          {
            email: str(rec.emailAddress) ?? "",
            date,
            status: str(rec.status),
            diagnostic: str(rec.diagnosticCode) ?? sesFallbackDiagnostic(type, subType),
            remoteMta: str(bounce.remoteMtaIp),
            category: sesCategory(subType),
          },
          line,
          {
            emailColumn: "bounce.bouncedRecipients.emailAddress",
            dateColumn: str(bounce.timestamp) ? "bounce.timestamp" : "mail.timestamp",
            dayFirst: true,
          },
          raw,
        ),
      );
    }
  }
  return rows;
}

/** Parses and maps one JSON text; invalid JSON is a rejected row, not an error. */
export function mapSesJsonText(text: string, line: number): MappedRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return [reject(line, `not valid JSON (${why})`, null, text.length > RAW_CAP ? text.slice(0, RAW_CAP) + "…" : text)];
  }
  return mapSesValue(value, line, text);
}
