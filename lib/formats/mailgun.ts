/** Mailgun bounce list (export and import format): address, code, error, created_at (RFC 2822). Its events API and webhooks are JSON: events/mailgun.ts. */
import { withContactColumns } from "./contact-columns";
import { HeaderIndex, type BounceFormat } from "./format";
import { createColumnMapper } from "./record";

export const mailgun: BounceFormat = {
  id: "mailgun",
  label: "Mailgun bounces",
  detect(header) {
    const h = new HeaderIndex(header);
    if (!h.has("address") || !h.hasAny("error", "code")) return 0;
    return 35 + 5 * h.count("error", "code", "created_at");
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    return createColumnMapper(
      h,
      withContactColumns(h, {
        email: h.find(["address"]),
        date: h.find(["created_at", "created"]),
        replyCode: h.find(["code"]),
        diagnostic: h.find(["error"]),
      }),
    );
  },
};
