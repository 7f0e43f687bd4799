/**
 * Amazon SES bounce notifications exported as CSV with flattened field names
 * (bounce.bounceType, bounce.bouncedRecipients.emailAddress, …). The JSON forms are read by events/ses.ts.
 */
import type { CategoryCode } from "../categories";
import { withContactColumns } from "./contact-columns";
import { HeaderIndex, type BounceFormat } from "./format";
import { cell, createColumnMapper } from "./record";

/** SES sub-types that name the cause unambiguously; the rest are left to the classifier. */
const SUBTYPE_CATEGORY: Record<string, CategoryCode> = {
  noemail: "bad-mailbox",
  mailboxfull: "quota-issues",
  messagetoolarge: "quota-issues",
  contentrejected: "content-related",
  attachmentrejected: "virus-related",
};

/** Sub-types for messages SES itself never sent: the address was on a suppression list. */
const SUPPRESSED = new Set(["suppressed", "onaccountsuppressionlist"]);

export function sesCategory(subType: string | null | undefined): CategoryCode | null {
  return subType ? (SUBTYPE_CATEGORY[subType.toLowerCase()] ?? null) : null;
}

/** Skip reason for SES notifications that are not bounces (Delivery, Complaint, …) and for SES's own suppressions. */
export function sesSkipReason(type: string | null | undefined, subType?: string | null): string | null {
  if (subType && SUPPRESSED.has(subType.toLowerCase())) return "not sent by Amazon SES: the address is on a suppression list";
  if (!type || type.toLowerCase() === "bounce") return null;
  if (type.toLowerCase() === "complaint") return "spam complaint, not a bounce";
  return `SES ${type} notification, not a bounce`;
}

function emailColumn(h: HeaderIndex): number {
  const i = h.findMatching(/bouncedrecipients\d*emailaddress$/);
  return i !== -1 ? i : h.find(["mail.destination", "destination", "emailAddress", "email", "recipient"]);
}

export const sesLabel = "Amazon SES bounce notifications";

export const ses: BounceFormat = {
  id: "ses",
  label: sesLabel,
  detect(header) {
    const h = new HeaderIndex(header);
    const recipients = h.findMatching(/bouncedrecipients\d*emailaddress$/) !== -1;
    const bounceType = h.findMatching(/bouncetype$/) !== -1;
    if ((!recipients && !bounceType) || emailColumn(h) === -1) return 0;
    return 70 + (recipients ? 10 : 0) + (bounceType ? 5 : 0);
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    const match = (re: RegExp) => h.findMatching(re);
    const email = emailColumn(h);
    let date = h.find(["bounce.timestamp"]);
    if (date === -1) date = h.find(["timestamp", "mail.timestamp"]);
    const subType = match(/bouncesubtype$/);
    const kind = h.find(["notificationType", "eventType"]);
    return createColumnMapper(
      h,
      withContactColumns(h, {
        email,
        date,
        status: match(/bouncedrecipients\d*status$/),
        diagnostic: match(/bouncedrecipients\d*diagnosticcode$/),
        remoteMta: match(/remotemtaip$/),
      }),
      {
        skip: (fields) => sesSkipReason(cell(fields, kind), cell(fields, subType)),
        adjust: (values, fields) => {
          values.category = sesCategory(cell(fields, subType));
        },
      },
    );
  },
};
