/** SendGrid bounce list export: created (unix seconds or "YYYY-MM-DD HH:MM:SS"), email, reason, status. */
import { HeaderIndex, type BounceFormat } from "./format";
import { createColumnMapper } from "./record";

export const sendgrid: BounceFormat = {
  id: "sendgrid",
  label: "SendGrid bounces",
  detect(header) {
    const h = new HeaderIndex(header);
    if (!h.has("email") || !h.hasAny("created", "created_at")) return 0;
    return 40 + 5 * h.count("reason", "status");
  },
  createMapper(header) {
    const h = new HeaderIndex(header);
    return createColumnMapper(h, {
      email: h.find(["email"]),
      date: h.find(["created", "created_at"]),
      status: h.find(["status"]),
      diagnostic: h.find(["reason"]),
    });
  },
};
