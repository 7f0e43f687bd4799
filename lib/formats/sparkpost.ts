/**
 * SparkPost CSVs: message events (bounce / out_of_band: rcpt_to, bounce_class, raw_reason,
 * error_code, timestamp, and usually a `type` column mixing in deliveries and delays), and the
 * suppression list (recipient, type, source, description, created, updated, subaccount_id), where
 * only the "Bounce Rule" entries are bounces.
 */
import type { CategoryCode } from "../categories";
import { withContactColumns } from "./contact-columns";
import { HeaderIndex, type BounceFormat } from "./format";
import { cell, createColumnMapper } from "./record";

/** SparkPost bounce classes that pin down the cause (https://support.sparkpost.com, "Bounce Classification Codes"). */
const CLASS_CATEGORY: Record<string, CategoryCode> = {
  "10": "bad-mailbox",
  "21": "bad-domain",
  "22": "quota-issues",
  "23": "quota-issues",
  "24": "message-expired",
  "50": "policy-related",
  "51": "spam-related",
  "52": "content-related",
  "53": "virus-related",
  "54": "relaying-issues",
};

/** Classes that are replies from people or list software, or SparkPost's own refusals to send. */
const NOT_BOUNCE_CLASSES: Record<string, string> = {
  "25": "not sent by SparkPost: its policy suppressed the address (bounce class 25)",
  "26": "not sent by SparkPost: Smart Send suppression (bounce class 26)",
  "60": "auto-reply, not a bounce (bounce class 60)",
  "80": "subscribe request, not a bounce (bounce class 80)",
  "90": "unsubscribe request, not a bounce (bounce class 90)",
  "100": "challenge-response, not a bounce (bounce class 100)",
};

const BOUNCE_TYPES = new Set(["bounce", "out_of_band", "outofband"]);

export function sparkpostCategory(bounceClass: string): CategoryCode | null {
  return CLASS_CATEGORY[bounceClass] ?? null;
}

/** Why a message event is not a bounce, or null. Shared with the JSON reader. */
export function sparkpostSkipReason(type: string, bounceClass: string): string | null {
  const t = type.trim().toLowerCase();
  if (t && !BOUNCE_TYPES.has(t)) {
    if (t === "delay") return "SparkPost delay (a temporary deferral, retried)";
    if (t === "spam_complaint") return "spam complaint, not a bounce";
    if (t === "policy_rejection" || t === "generation_failure" || t === "generation_rejection") return `not sent by SparkPost (${t} event)`;
    return `SparkPost ${t} event, not a bounce`;
  }
  return NOT_BOUNCE_CLASSES[bounceClass.trim()] ?? null;
}

/** Why a suppression list entry is not a bounce ("Spam Complaint", "Manually Added"…), or null for a "Bounce Rule" entry. */
export function sparkpostSuppressionSkipReason(source: string): string | null {
  const s = source.trim().toLowerCase();
  if (s === "bounce rule") return null;
  if (s === "") return "suppression list entry without a source, not counted as a bounce";
  if (s === "spam complaint") return "suppression list: spam complaint, not a bounce";
  if (s.includes("unsubscribe")) return "suppression list: unsubscribe, not a bounce";
  if (s === "manually added") return "suppression list: added by hand, not a bounce";
  return `suppression list: ${s}, not a bounce`;
}

export const sparkpost: BounceFormat = {
  id: "sparkpost",
  label: "SparkPost bounce events",
  detect(header) {
    const h = new HeaderIndex(header);
    if (!h.hasAny("rcpt_to", "raw_rcpt_to") || !h.hasAny("bounce_class", "raw_reason", "error_code")) return 0;
    return 60 + 3 * h.count("bounce_class", "raw_reason", "error_code", "timestamp", "type", "event_id", "message_id");
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    const type = h.find(["type", "event_type"]);
    const bounceClass = h.find(["bounce_class"]);
    const reason = h.find(["reason"]);
    return createColumnMapper(
      h,
      withContactColumns(h, {
        email: h.find(["rcpt_to", "raw_rcpt_to"]),
        date: h.find(["timestamp", "injection_time"]),
        replyCode: h.find(["error_code"]),
        diagnostic: h.find(["raw_reason"]),
        remoteMta: h.find(["ip_address"]),
      }),
      {
        skip: (fields) => sparkpostSkipReason(cell(fields, type), cell(fields, bounceClass)),
        adjust: (values, fields) => {
          values.category = sparkpostCategory(cell(fields, bounceClass));
          if (!values.diagnostic) values.diagnostic = cell(fields, reason);
        },
      },
    );
  },
};

export const sparkpostSuppressions: BounceFormat = {
  id: "sparkpost-suppressions",
  label: "SparkPost suppression list",
  detect(header) {
    const h = new HeaderIndex(header);
    if (!h.has("recipient", "source")) return 0;
    return 60 + 3 * h.count("type", "description", "created", "updated", "subaccount_id", "list_id");
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    const source = h.find(["source"]);
    return createColumnMapper(
      h,
      withContactColumns(h, { email: h.find(["recipient"]), date: h.find(["created", "updated"]), diagnostic: h.find(["description"]) }),
      { skip: (fields) => sparkpostSuppressionSkipReason(cell(fields, source)) },
    );
  },
};
