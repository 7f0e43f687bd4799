/**
 * Mailchimp "cleaned" members export: the audience columns plus CLEAN_TIME / CLEAN_CAMPAIGN_*.
 * Mailchimp does not say why an address was cleaned, so rows get category "other" and a note.
 */
import { HeaderIndex, type BounceFormat } from "./format";
import { createColumnMapper, NO_REASON_NOTE } from "./record";

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
    return createColumnMapper(
      h,
      {
        email: h.find(["Email Address"]),
        date: h.find(["CLEAN_TIME"]),
        firstName: h.find(["First Name", "FNAME"]),
        lastName: h.find(["Last Name", "LNAME"]),
        phone: h.find(["Phone Number", "Phone", "PHONE"]),
        company: h.find(["Company", "Company Name"]),
      },
      {
        adjust: (values) => {
          values.category = "other";
          values.note = NO_REASON_NOTE;
        },
      },
    );
  },
};
