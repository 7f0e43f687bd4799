import { describe, expect, it } from "vitest";
import { decodeTaskId, encodeTaskId, tasksForSubscriber } from "./checklist";

const subscriber = { id: 42, domain: "acme.com", category: "bad-mailbox", lastImportId: "imp-1" };

describe("checklist tasks", () => {
  it("gives a subscriber one task per step of their category, aimed at the step's scope", () => {
    expect(tasksForSubscriber(subscriber)).toEqual([
      { scope: "subscriber", target: "42", category: "bad-mailbox", step: "phone-subscriber" },
      { scope: "domain", target: "acme.com", category: "bad-mailbox", step: "admin-confirms-fixed" },
      { scope: "subscriber", target: "42", category: "bad-mailbox", step: "platform-validates" },
    ]);
  });

  it("aims campaign steps at the import of the latest bounce", () => {
    const tasks = tasksForSubscriber({ ...subscriber, category: "spam-related" });
    expect(tasks.map((t) => `${t.scope}:${t.target}`)).toEqual(["import:imp-1", "domain:acme.com", "import:imp-1"]);
  });

  it("round-trips task ids", () => {
    for (const t of tasksForSubscriber({ ...subscriber, category: "inactive-mailbox" })) {
      expect(decodeTaskId(encodeTaskId(t))).toEqual(t);
    }
    expect(encodeTaskId(tasksForSubscriber(subscriber)[1])).toBe("domain~acme.com~bad-mailbox~admin-confirms-fixed");
  });

  it("refuses ids that do not name a step of that category with its scope", () => {
    expect(decodeTaskId("domain~acme.com~bad-mailbox~resend-later")).toBeNull();
    expect(decodeTaskId("subscriber~acme.com~bad-mailbox~admin-confirms-fixed")).toBeNull();
    expect(decodeTaskId("subscriber~abc~bad-mailbox~phone-subscriber")).toBeNull();
    expect(decodeTaskId("subscriber~1~nope~phone-subscriber")).toBeNull();
    expect(decodeTaskId("garbage")).toBeNull();
  });
});
