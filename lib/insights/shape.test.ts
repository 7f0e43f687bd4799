import { describe, expect, it } from "vitest";
import { importLabels, periodCounts } from "./shape";

const row = (category: string, open: number, recovered = 0) => ({
  category,
  open,
  in_progress: 0,
  recovered,
  unrecoverable: 0,
  activeDomains: 0,
  activeImports: 0,
});

describe("period counts", () => {
  it("splits subscribers by group and counts all but hard bounces as worth working", () => {
    const c = periodCounts([row("bad-mailbox", 10, 2), row("quota-issues", 5), row("spam-related", 3, 1), row("other", 1)]);
    expect(c).toEqual({ subscribers: 22, recoverable: 10, recovered: 3, byGroup: { address: 12, recipient: 5, sender: 4, other: 1 } });
  });
});

describe("import columns", () => {
  const options = [
    { id: "c", fileName: "week.csv", createdAt: "2026-10-20T10:00:00.000Z" },
    { id: "b", fileName: "week.csv", createdAt: "2026-10-13T10:00:00.000Z" },
    { id: "a", fileName: "first.csv", createdAt: "2026-10-06T10:00:00.000Z" },
  ];
  const counts = [
    { importId: "a", n: 3 },
    { importId: "c", n: 4 },
    { importId: "c", n: 1 },
    { importId: "b", n: 2 },
  ];

  it("keeps the most recent imports with bounces, oldest first, with unique labels", () => {
    expect(importLabels(options, counts, [], 2).map((c) => [c.id, c.label, c.bounces])).toEqual([
      ["b", "week.csv (2026-10-13 #1)", 2],
      ["c", "week.csv (2026-10-20 #2)", 5],
    ]);
  });

  it("shows exactly the chosen imports", () => {
    expect(importLabels(options, counts, ["a", "c"]).map((c) => [c.id, c.label])).toEqual([
      ["a", "first.csv"],
      ["c", "week.csv"],
    ]);
  });
});
