/**
 * The frozen blind check sets (test/fixtures/mail/blind, blind-2): hand-written bounce emails whose
 * expected values were fixed before the reader saw them. Reports the rates the reader is judged on
 * outside the project and asserts each set's floor; a miss is fixed in the reader, by family, never
 * in a set. Both sets have now been used to fix the reader (blind-2 after one measurement untuned),
 * so neither estimates any more how it does on mail it has never seen: a new set would.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalEmail } from "../email";
import type { MappedRow } from "../types";
import { readMailMessage } from "./message";

type Expected =
  | { kind: "bounce"; recipients: { email: string; status: string | null; class: 4 | 5 }[] }
  /** Not a bounce: nothing of it may be imported ("skip" is the first set's word for all four). */
  | { kind: "skip" | "delay" | "autoreply" | "not-bounce"; why: string }
  | { kind: "complaint"; email: string; feedbackType: string };

interface Score {
  recipients: number;
  found: number;
  exactStatus: number;
  rightClass: number;
  nonBouncesImported: string[];
  /** Bounces for addresses the message did not report as failed (a quoted copy's, our own). */
  strayAddresses: string[];
  complaintsFound: number;
  complaints: number;
  misses: string[];
}

/** The least a set must score; a change that reads it worse fails. Percentages, then counts. */
interface Floor {
  found: number;
  exactStatus: number;
  rightClass: number;
  maxNonBouncesImported: number;
  maxStrayAddresses: number;
  minComplaintsFound: number;
}

const SETS: { folder: string; floor: Floor }[] = [
  // The targets the reader was fixed to.
  {
    folder: "blind",
    floor: { found: 99, exactStatus: 95, rightClass: 98, maxNonBouncesImported: 0, maxStrayAddresses: 0, minComplaintsFound: 2 },
  },
  // Measured untuned at 46/49, 45/49, 46/49, then after a round that fixed its families (so no longer
  // blind) at 49/49 for all three: see test/fixtures/mail/blind-2/README.md.
  {
    folder: "blind-2",
    floor: { found: 100, exactStatus: 100, rightClass: 100, maxNonBouncesImported: 0, maxStrayAddresses: 0, minComplaintsFound: 2 },
  },
];

/**
 * The class a stored bounce says: its status's, else its reply code's. A bounce with neither is a
 * failure its MTA gave up on ("retry timeout exceeded", "Address not found"): the reader files no
 * delay as a bounce, so that is class 5, with no code made up for it.
 */
function classOf(row: Extract<MappedRow, { kind: "bounce" }>): number {
  const s = row.record.dsnStatus;
  if (s) return Number(s[0]);
  return row.record.replyCode ? Math.floor(row.record.replyCode / 100) : 5;
}

/** An address as Rebound stores it (what it would be stored as, for one it would refuse). */
function same(email: string): string {
  const c = canonicalEmail(email);
  return typeof c === "string" ? c : email.toLowerCase();
}

async function score(dir: string, expected: Record<string, Expected>): Promise<Score> {
  const s: Score = {
    recipients: 0,
    found: 0,
    exactStatus: 0,
    rightClass: 0,
    nonBouncesImported: [],
    strayAddresses: [],
    complaintsFound: 0,
    complaints: 0,
    misses: [],
  };
  for (const [file, e] of Object.entries(expected)) {
    const rows = await readMailMessage({ bytes: readFileSync(path.join(dir, file)), messageNo: 1, file, cut: false });
    const bounces = rows.filter((r) => r.kind === "bounce");
    if (e.kind !== "bounce") {
      if (bounces.length > 0) s.nonBouncesImported.push(`${file}: ${bounces.map((b) => b.record.email).join(", ")}`);
      if (e.kind === "complaint") {
        s.complaints++;
        const c = rows.find((r) => r.kind === "complaint");
        if (c && c.complaint.email.toLowerCase() === e.email && c.complaint.feedbackType === e.feedbackType) s.complaintsFound++;
        else s.misses.push(`${file}: complaint for ${e.email} not read (${JSON.stringify(rows)})`);
      }
      continue;
    }
    // Compared as stored: lower case, ASCII domain (../email.ts), as a CSV import of the same address.
    const wanted = new Set(e.recipients.map((r) => same(r.email)));
    for (const b of bounces) if (!wanted.has(same(b.record.email))) s.strayAddresses.push(`${file}: ${b.record.email}`);
    for (const r of e.recipients) {
      s.recipients++;
      const row = bounces.find((b) => same(b.record.email) === same(r.email));
      if (!row) {
        s.misses.push(`${file}: ${r.email} not found (${JSON.stringify(rows.map((x) => (x.kind === "bounce" ? x.record.email : x)))})`);
        continue;
      }
      s.found++;
      if (row.record.dsnStatus === r.status) s.exactStatus++;
      else s.misses.push(`${file}: ${r.email} status ${row.record.dsnStatus} (expected ${r.status})`);
      if (classOf(row) === r.class) s.rightClass++;
      else s.misses.push(`${file}: ${r.email} class ${classOf(row)} (expected ${r.class})`);
    }
  }
  return s;
}

const pct = (n: number, of: number) => (of === 0 ? 100 : (100 * n) / of);

describe.each(SETS)("the blind check set $folder", ({ folder, floor }) => {
  const dir = path.join(__dirname, "../../../test/fixtures/mail", folder);
  const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as Record<string, Expected>;

  it(`is read at or above its floor: recipient ≥ ${floor.found}%, exact status ≥ ${floor.exactStatus}%, class ≥ ${floor.rightClass}%`, async () => {
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith(".eml"))
        .sort(),
    ).toEqual(Object.keys(expected).sort());
    const s = await score(dir, expected);
    const report = [
      `${folder}: ${Object.keys(expected).length} messages, ${s.recipients} failed recipients`,
      `recipient found ${pct(s.found, s.recipients).toFixed(1)}% (${s.found}/${s.recipients})`,
      `exact status ${pct(s.exactStatus, s.recipients).toFixed(1)}% (${s.exactStatus}/${s.recipients})`,
      `class ${pct(s.rightClass, s.recipients).toFixed(1)}% (${s.rightClass}/${s.recipients})`,
      `non-bounces imported ${s.nonBouncesImported.length}, stray addresses ${s.strayAddresses.length}, complaints ${s.complaintsFound}/${s.complaints}`,
      ...s.misses.map((m) => `  miss: ${m}`),
      ...s.nonBouncesImported.map((m) => `  imported non-bounce: ${m}`),
      ...s.strayAddresses.map((m) => `  stray: ${m}`),
    ].join("\n");
    console.log(report);
    expect(pct(s.found, s.recipients), report).toBeGreaterThanOrEqual(floor.found);
    expect(pct(s.exactStatus, s.recipients), report).toBeGreaterThanOrEqual(floor.exactStatus);
    expect(pct(s.rightClass, s.recipients), report).toBeGreaterThanOrEqual(floor.rightClass);
    expect(s.nonBouncesImported.length, report).toBeLessThanOrEqual(floor.maxNonBouncesImported);
    expect(s.strayAddresses.length, report).toBeLessThanOrEqual(floor.maxStrayAddresses);
    expect(s.complaintsFound, report).toBeGreaterThanOrEqual(floor.minComplaintsFound);
  });
});
