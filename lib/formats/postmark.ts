/**
 * Postmark bounces (API/CSV): Type, TypeCode, Email, BouncedAt, Details, Description.
 * Details holds the server's reply; Description is Postmark's generic text for the type, used only
 * when there is no reply. Postmark's "Name" column is the bounce type's name, not a person's.
 */
import type { CategoryCode } from "../categories";
import { HeaderIndex, type BounceFormat } from "./format";
import { cell, createColumnMapper } from "./record";

/** Postmark types that are not delivery failures (by name and by TypeCode). */
const NOT_BOUNCES = new Map<string, string>([
  ["autoresponder", "64"],
  ["addresschange", "128"],
  ["subscribe", "32"],
  ["unsubscribe", "16"],
  ["spamcomplaint", "100001"],
  ["challengeverification", "16384"],
  ["openrelaytest", "1024"],
]);
const NOT_BOUNCE_CODES = new Set(NOT_BOUNCES.values());

const TYPE_CATEGORY: Record<string, CategoryCode> = {
  spamnotification: "spam-related",
  virusnotification: "virus-related",
};

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
    const description = h.find(["Description"]);
    return createColumnMapper(
      h,
      {
        email: h.find(["Email"]),
        date: h.find(["BouncedAt"]),
        diagnostic: h.find(["Details"]),
      },
      {
        skip: (fields) => {
          const t = cell(fields, type).toLowerCase();
          const code = cell(fields, typeCode);
          if (NOT_BOUNCES.has(t) || NOT_BOUNCE_CODES.has(code)) return `Postmark ${cell(fields, type) || "type " + code} record, not a bounce`;
          return null;
        },
        adjust: (values, fields) => {
          values.category = TYPE_CATEGORY[cell(fields, type).toLowerCase()] ?? null;
          if (!values.diagnostic) values.diagnostic = cell(fields, description);
        },
      },
    );
  },
};
