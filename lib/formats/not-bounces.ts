/**
 * Exports that are recognisably not bounces. Read as a bounce list they would file active or
 * unsubscribed people as bounced, so they are refused with a word on what they are and which file to
 * upload instead.
 */
import { HeaderIndex } from "./format";
import { ImportFileError } from "./types";

interface NotBounces {
  /** What the file is, in a few words. */
  what: string;
  /** Which file to upload instead. */
  instead: string;
}

const MAILCHIMP_INSTEAD =
  "Upload the cleaned contacts file from the same export (cleaned_members_export_….csv), or the whole zip Mailchimp gave you: Rebound reads the cleaned file from it.";

/** Mailchimp's audience export: the member columns of every audience, without the CLEAN_* columns of cleaned members. */
function mailchimpAudience(h: HeaderIndex): NotBounces | null {
  if (!h.has("Email Address") || h.count("MEMBER_RATING", "OPTIN_TIME", "CONFIRM_TIME", "LEID", "EUID") < 2) return null;
  if (h.hasAny("CLEAN_TIME", "CLEAN_CAMPAIGN_TITLE", "CLEAN_CAMPAIGN_ID")) return null;
  if (h.hasAny("UNSUB_TIME", "UNSUB_CAMPAIGN_TITLE", "UNSUB_REASON")) return { what: "Mailchimp's unsubscribed contacts", instead: MAILCHIMP_INSTEAD };
  return { what: "Mailchimp's subscribed contacts", instead: MAILCHIMP_INSTEAD };
}

/** The refusal for a header that is recognisably not a bounce export, or null. */
export function refuseNotBounces(header: string[]): ImportFileError | null {
  const found = mailchimpAudience(new HeaderIndex(header));
  if (!found) return null;
  return new ImportFileError(
    "not-bounces",
    `This file is ${found.what}, not bounces: importing it would record these people as bounced. ${found.instead}`,
    undefined,
    found.what,
  );
}
