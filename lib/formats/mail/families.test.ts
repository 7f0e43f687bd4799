/** Every generated bounce email (test/helpers/mail-families.ts) read by the reader: recipients, exact status, kind. */
import { describe, expect, it } from "vitest";
import { mailFamilies } from "../../../test/helpers/mail-families";
import { canonicalEmail } from "../email";
import { readMailMessage } from "./message";

const messages = mailFamilies();

describe("generated bounce emails, family by family", () => {
  it("are at least 150, covering every family", () => {
    expect(messages.length).toBeGreaterThanOrEqual(150);
    expect(new Set(messages.map((m) => m.family)).size).toBeGreaterThanOrEqual(17);
  });

  it.each(messages.map((m) => [m.name, m] as const))("%s", async (_name, m) => {
    const rows = await readMailMessage({ bytes: m.raw, messageNo: 1, file: null, cut: false });
    const e = m.expected;
    if (e.kind === "bounce") {
      const got = rows.map((r) =>
        r.kind === "bounce" ? { email: r.record.email, status: r.record.dsnStatus } : { kind: r.kind, why: "reason" in r ? r.reason : "" },
      );
      // Stored as every import stores an address (lower case, ASCII domain): see ../email.ts.
      expect(got).toEqual(e.recipients.map((r) => ({ email: canonicalEmail(r.email), status: r.status })));
    } else if (e.kind === "skip") {
      expect(rows).toEqual([{ kind: "skip", line: 1, reason: e.reason }]);
    } else {
      expect(rows).toHaveLength(1);
      const r = rows[0];
      expect(r.kind).toBe("complaint");
      if (r.kind === "complaint") {
        expect(r.complaint.email).toBe(e.email);
        expect(r.complaint.feedbackType).toBe(e.feedbackType);
      }
    }
  });
});
