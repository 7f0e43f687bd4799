/**
 * The sample exports (test/fixtures/exports): powermta-acct.csv carries PowerMTA's own category (bounceCat) for each
 * reply; the other 240-row exports hold the same subscribers' replies in other layouts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classify } from "./index";
import { parseCsv } from "./input-file";

const FIXTURES = path.resolve(__dirname, "../../test/fixtures/exports");

function table(file: string, delimiter = ","): Record<string, string>[] {
  const text = readFileSync(path.join(FIXTURES, file), "utf8").replace(/^\uFEFF/, "");
  const [header, ...rows] = parseCsv(text, delimiter).map((r) => r.fields);
  return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/**
 * Replies where Rebound decides otherwise than PowerMTA, by the category definitions (each one is
 * a "disputed line" in docs/classification.md).
 */
const DECIDED_OTHERWISE: Record<string, string> = {
  // Connected, then the connection dropped: no answer from the host, not a failure to connect.
  "smtp;421 4.4.2 Connection dropped due to timeout": "no-answer-from-host",
};

const pmta = table("powermta-acct.csv").map((r): Record<string, string> => ({ ...r, bounceCat: DECIDED_OTHERWISE[r.dsnDiag] ?? r.bounceCat }));
const expectedByEmail = new Map(pmta.map((r) => [r.rcpt, r.bounceCat]));

describe("powermta-acct.csv", () => {
  it("classifies every distinct reply to its bounceCat (100% agreement, apart from the replies decided otherwise)", () => {
    const distinct = new Map<string, Record<string, string>>();
    for (const r of pmta) distinct.set(`${r.dsnStatus}\u0000${r.dsnDiag}`, r);
    const misses: string[] = [];
    for (const r of distinct.values()) {
      const got = classify({ status: r.dsnStatus, diagnostic: r.dsnDiag });
      if (got.category !== r.bounceCat) misses.push(`${r.bounceCat} ≠ ${got.category} (${got.ruleId}): ${r.dsnStatus} | ${r.dsnDiag}`);
    }
    const agreement = (distinct.size - misses.length) / distinct.size;
    console.log(
      `powermta-acct.csv: ${distinct.size - misses.length}/${distinct.size} distinct replies agree with bounceCat (${(agreement * 100).toFixed(1)}%)`,
    );
    expect(misses).toEqual([]);
    expect(distinct.size).toBeGreaterThan(50);
  });

  it("agrees on all 240 rows, not just distinct replies", () => {
    const wrong = pmta.filter((r) => classify({ status: r.dsnStatus, diagnostic: r.dsnDiag }).category !== r.bounceCat);
    expect(pmta.length).toBe(240);
    expect(wrong).toEqual([]);
  });
});

describe("the same replies in other export layouts", () => {
  const layouts: [string, string, (r: Record<string, string>) => { email: string; status?: string; replyCode?: string; diagnostic: string }][] = [
    ["generic-with-contacts.csv", ",", (r) => ({ email: r.email, status: r.status, diagnostic: r.diagnostic })],
    ["sendgrid-bounces.csv", ",", (r) => ({ email: r.email, status: r.status, diagnostic: r.reason })],
    ["mailgun-bounces.csv", ",", (r) => ({ email: r.address, replyCode: r.code, diagnostic: r.error })],
    ["excel-semicolon-es.csv", ";", (r) => ({ email: r["Correo electrónico"], status: r["Código"], diagnostic: r.Motivo })],
  ];

  it.each(layouts)("%s gets the category PowerMTA gave the same subscriber", (file, delimiter, pick) => {
    const rows = table(file, delimiter).map(pick);
    expect(rows.length).toBeGreaterThan(50);
    const wrong = rows.filter((r) => classify(r).category !== expectedByEmail.get(r.email));
    expect(wrong).toEqual([]);
  });
});
