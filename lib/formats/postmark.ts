/**
 * Postmark bounces as CSV: Type, TypeCode, Email, BouncedAt, Details, Description. Details holds the
 * server's reply; Description is Postmark's fixed text for the type, not the server's words, so it is
 * not stored. Postmark's "Name" column is the bounce type's name, not a person's. The JSON forms
 * (the bounces API, the bounce webhook, the suppressions dump) are read by events/postmark.ts.
 */
import type { CategoryCode } from "../categories";
import { withContactColumns } from "./contact-columns";
import { HeaderIndex, type BounceFormat } from "./format";
import { cell, createColumnMapper } from "./record";

/** Postmark types that are not delivery failures, by name and TypeCode, with why. */
const NOT_BOUNCES: [name: string, code: string, reason: string][] = [
  ["unsubscribe", "16", "unsubscribe, not a bounce"],
  ["subscribe", "32", "subscribe request, not a bounce"],
  ["autoresponder", "64", "auto-reply, not a bounce"],
  ["addresschange", "128", "address change notice, not a bounce"],
  ["openrelaytest", "1024", "open relay test, not a bounce"],
  ["challengeverification", "16384", "challenge-response, not a bounce"],
  ["spamcomplaint", "100001", "spam complaint, not a bounce"],
  ["manuallydeactivated", "100002", "deactivated by hand in Postmark, not a bounce"],
  ["unconfirmed", "100003", "unconfirmed sender signature, not a bounce"],
  ["smtpapierror", "100007", "not sent by Postmark: SMTP API error"],
  ["inbounderror", "100008", "inbound processing error, not a bounce"],
  ["templaterenderingfailed", "100010", "not sent by Postmark: template rendering failed"],
];
const BY_NAME = new Map(NOT_BOUNCES.map(([name, , reason]) => [name, reason]));
const BY_CODE = new Map(NOT_BOUNCES.map(([, code, reason]) => [code, reason]));

const TYPE_CATEGORY: Record<string, CategoryCode> = {
  spamnotification: "spam-related",
  virusnotification: "virus-related",
};

/** Why a bounce record of this Type / TypeCode is not a bounce, or null. Shared with the JSON reader. */
export function postmarkSkipReason(type: string, typeCode: string): string | null {
  return BY_NAME.get(type.trim().toLowerCase()) ?? BY_CODE.get(typeCode.trim()) ?? null;
}

/** The category Postmark's Type names for sure, or null (the reply decides). */
export function postmarkCategory(type: string): CategoryCode | null {
  return TYPE_CATEGORY[type.trim().toLowerCase()] ?? null;
}

export const postmark: BounceFormat = {
  id: "postmark",
  label: "Postmark bounces",
  detect(header) {
    const h = new HeaderIndex(header);
    if (!h.has("Email") || !h.hasAny("TypeCode", "BouncedAt")) return 0;
    return 60 + 3 * h.count("Type", "TypeCode", "BouncedAt", "Details", "Description", "MessageID", "Inactive", "CanActivate");
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    const type = h.find(["Type"]);
    const typeCode = h.find(["TypeCode"]);
    return createColumnMapper(h, withContactColumns(h, { email: h.find(["Email"]), date: h.find(["BouncedAt"]), diagnostic: h.find(["Details"]), name: -1 }), {
      skip: (fields) => postmarkSkipReason(cell(fields, type), cell(fields, typeCode)),
      adjust: (values, fields) => {
        values.category = postmarkCategory(cell(fields, type));
      },
    });
  },
};
