/**
 * SparkPost event exports (bounce / out_of_band): rcpt_to, bounce_class, raw_reason, error_code,
 * timestamp, and usually a `type` column mixing in deliveries and delays.
 */
import type { CategoryCode } from "../categories";
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

/** Classes that are replies from people or list software, not failures. */
const NOT_BOUNCE_CLASSES: Record<string, string> = {
  "60": "auto-reply",
  "80": "subscribe request",
  "90": "unsubscribe request",
  "100": "challenge-response",
};

const BOUNCE_TYPES = new Set(["bounce", "out_of_band", "outofband"]);

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
      {
        email: h.find(["rcpt_to", "raw_rcpt_to"]),
        date: h.find(["timestamp", "injection_time"]),
        replyCode: h.find(["error_code"]),
        diagnostic: h.find(["raw_reason"]),
        remoteMta: h.find(["ip_address"]),
      },
      {
        skip: (fields) => {
          const t = cell(fields, type).toLowerCase();
          if (type !== -1 && t && !BOUNCE_TYPES.has(t)) return `SparkPost ${t} event, not a bounce`;
          const c = cell(fields, bounceClass);
          const what = NOT_BOUNCE_CLASSES[c];
          return what ? `SparkPost bounce class ${c} (${what}), not a bounce` : null;
        },
        adjust: (values, fields) => {
          values.category = CLASS_CATEGORY[cell(fields, bounceClass)] ?? null;
          if (!values.diagnostic) values.diagnostic = cell(fields, reason);
        },
      },
    );
  },
};
