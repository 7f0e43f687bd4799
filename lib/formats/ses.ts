/**
 * Amazon SES bounce notifications exported as CSV with flattened field names
 * (bounce.bounceType, bounce.bouncedRecipients.emailAddress, …). The JSON form is read by ses-json.ts.
 */
import type { CategoryCode } from "../categories";
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

export function sesCategory(subType: string | null | undefined): CategoryCode | null {
  return subType ? (SUBTYPE_CATEGORY[subType.toLowerCase()] ?? null) : null;
}

/** Without a server reply, "SES Permanent/NoEmail" still gives the classifier something to read. */
export function sesFallbackDiagnostic(type: string | null | undefined, subType: string | null | undefined): string | null {
  if (!type && !subType) return null;
  return `SES ${type || "Undetermined"}/${subType || "General"}`;
}

/** Skip reason for SES notifications that are not bounces (Delivery, Complaint, …). */
export function sesSkipReason(type: string | null | undefined): string | null {
  if (!type || type.toLowerCase() === "bounce") return null;
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
    const type = match(/bouncetype$/);
    const subType = match(/bouncesubtype$/);
    const kind = h.find(["notificationType", "eventType"]);
    return createColumnMapper(
      h,
      {
        email,
        date,
        status: match(/bouncedrecipients\d*status$/),
        diagnostic: match(/bouncedrecipients\d*diagnosticcode$/),
        remoteMta: match(/remotemtaip$/),
      },
      {
        skip: (fields) => sesSkipReason(cell(fields, kind)),
        adjust: (values, fields) => {
          values.category = sesCategory(cell(fields, subType));
          if (!values.diagnostic) values.diagnostic = sesFallbackDiagnostic(cell(fields, type), cell(fields, subType));
        },
      },
    );
  },
};
