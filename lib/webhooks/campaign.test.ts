import { describe, expect, it } from "vitest";
import { campaignOf } from "./campaign";

describe("campaignOf", () => {
  it("reads the platforms' own campaign ids, with a name when the event gives one", () => {
    expect(campaignOf("sendgrid", { event: "bounce", marketing_campaign_id: 4711, marketing_campaign_name: "Winter sale" })).toEqual({
      id: "4711",
      name: "Winter sale",
    });
    expect(campaignOf("sendgrid", { event: "bounce", singlesend_id: "ss-1" })).toEqual({ id: "ss-1", name: "ss-1" });
    expect(campaignOf("sparkpost", { msys: { message_event: { type: "bounce", campaign_id: "spring" } } })).toEqual({ id: "spring", name: "spring" });
    expect(campaignOf("brevo", { event: "hard_bounce", camp_id: 12, "campaign name": "News 12" })).toEqual({ id: "12", name: "News 12" });
  });

  it("leaves free labels and platforms without campaign ids alone", () => {
    expect(campaignOf("sendgrid", { event: "bounce", category: ["newsletter", "de"] })).toBeNull();
    expect(campaignOf("mailgun", { event: "failed", tags: ["spring"], campaigns: [{ id: "c1" }] })).toBeNull();
    expect(campaignOf("postmark", { RecordType: "Bounce", Tag: "welcome" })).toBeNull();
    expect(campaignOf("brevo", { event: "hard_bounce", tag: "promo" })).toBeNull();
    expect(campaignOf("ses", { notificationType: "Bounce", mail: { tags: { campaign: ["x"] } } })).toBeNull();
    expect(campaignOf("sparkpost", { msys: { message_event: { type: "bounce", campaign_id: "  " } } })).toBeNull();
  });

  it("keeps an id to 100 characters", () => {
    expect(campaignOf("sparkpost", { campaign_id: "x".repeat(300) })?.id).toHaveLength(100);
  });
});
