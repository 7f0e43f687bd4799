import { FIXTURES, testDir } from "./helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeListPeriod, resolveListPeriod } from "@/lib/insights/list-period";
import { countSelection } from "@/lib/queries/bulk";
import { listSubscribers, parseSubscriberFilter } from "@/lib/queries/subscribers";
import { importFile } from "./helpers/import-file";

const DAY = 86_400_000;

describe("a category list narrowed by the insights' period and imports", () => {
  it("reads the insights' parameters", () => {
    const now = Date.UTC(2026, 10, 27, 15);
    expect(resolveListPeriod({})).toEqual({ period: { from: null, to: null }, imports: [] });
    expect(resolveListPeriod({ range: "7", imports: "a,b" }, now)).toEqual({
      period: { from: Date.UTC(2026, 10, 21), to: Date.UTC(2026, 10, 28) },
      imports: ["a", "b"],
    });
    expect(resolveListPeriod({ range: "custom", from: "2026-10-01", to: "2026-10-31" }, now).period).toEqual({
      from: Date.UTC(2026, 9, 1),
      to: Date.UTC(2026, 9, 31) + DAY,
    });
    expect(describeListPeriod({ range: "30", imports: "a,b" })).toBe("Last 30 days · 2 imports");
    expect(describeListPeriod({ range: "all" })).toBeNull();
  });

  it("lists, counts and selects only subscribers whose latest bounce is in the period and imports", async () => {
    const first = await importFile(path.join(FIXTURES, "powermta-acct.csv"));
    const file = path.join(testDir, "period.csv");
    fs.writeFileSync(
      file,
      ["email,date,status,diagnostic", ...Array.from({ length: 5 }, (_, i) => `period${i}@example.org,2026-11-0${i + 1},5.2.2,552 Mailbox full`)].join("\n"),
    );
    const second = await importFile(file);
    const all = await listSubscribers(parseSubscriberFilter({}));
    const fromFirst = await listSubscribers(parseSubscriberFilter({ imports: first.id, pageSize: "200" }));
    const fromSecond = await listSubscribers(parseSubscriberFilter({ imports: second.id }));
    expect(fromFirst.count).toBeGreaterThan(0);
    expect(fromSecond.count).toBe(5);
    expect(fromFirst.count + fromSecond.count).toBe(all.count);

    // powermta-acct.csv bounced on 2026-09-30 and 2026-10-01 (UTC).
    const day = await listSubscribers(parseSubscriberFilter({ range: "custom", from: "2026-10-01", to: "2026-10-01", imports: first.id, pageSize: "200" }));
    expect(day.count).toBeGreaterThan(0);
    expect(day.count).toBeLessThan(fromFirst.count);
    expect(day.data.every((s) => s.lastBouncedAt.startsWith("2026-10-01"))).toBe(true);
    expect(await countSelection({ filter: parseSubscriberFilter({ range: "custom", from: "2026-10-01", to: "2026-10-01", imports: first.id }) })).toBe(
      day.count,
    );
  });
});
