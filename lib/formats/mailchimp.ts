/**
 * Mailchimp "cleaned" members export: the audience columns plus CLEAN_TIME / CLEAN_CAMPAIGN_*.
 * Mailchimp does not say why an address was cleaned, so the rows carry no reply and no category:
 * Rebound classifies them as it would any bounce without a reason, and the subscriber page says the
 * platform gave none. Name, phone and company are found by synonym: their labels are the audience's own.
 */
import { withContactColumns } from "./contact-columns";
import { HeaderIndex, type BounceFormat } from "./format";
import { createColumnMapper } from "./record";

export const mailchimp: BounceFormat = {
  id: "mailchimp",
  label: "Mailchimp cleaned contacts",
  detect(header) {
    const h = new HeaderIndex(header);
    if (!h.has("Email Address")) return 0;
    const clean = h.count("CLEAN_TIME", "CLEAN_CAMPAIGN_TITLE", "CLEAN_CAMPAIGN_ID");
    if (clean === 0) return 0;
    return 70 + 5 * clean + 2 * h.count("MEMBER_RATING", "OPTIN_TIME", "LEID", "EUID");
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    return createColumnMapper(h, withContactColumns(h, { email: h.find(["Email Address"]), date: h.find(["CLEAN_TIME"]) }));
  },
};
