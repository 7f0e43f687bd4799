import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classify } from "../../classify";
import { MAIL_FIXTURES, mailFixture, makeMbox } from "../../../test/helpers/make-mbox";
import { classifyMailFile, MAIL_LINES_HEADER } from "./classify-mail";

const fixture = (name: string) => path.join(MAIL_FIXTURES, name);

describe("classifyMailFile", () => {
  it("prints one line per failed recipient of a delivery-status report", async () => {
    const lines = await classifyMailFile(fixture("postfix-dsn.eml"), classify);
    expect(lines?.[0]).toBe(MAIL_LINES_HEADER);
    const rows = lines!.slice(1).map((l) => l.split("\t"));
    expect(rows).toHaveLength(2);
    expect(rows[0].slice(0, 4)).toEqual(["1", "ana.lopez@correo.example", "5.1.1", "bad-mailbox"]);
    expect(rows[1].slice(0, 4)).toEqual(["1", "b.meyer@postfach.example", "5.2.2", "quota-issues"]);
    for (const r of rows) expect(r[4]).toMatch(/\S/);
  });

  it("numbers the messages of an mbox and prints skipped ones with their reason", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-classify-mail-"));
    const file = path.join(dir, "box"); // no extension: recognised by content
    fs.writeFileSync(
      file,
      makeMbox([mailFixture("exim-text.eml"), mailFixture("auto-reply.eml"), mailFixture("delayed-dsn.eml"), mailFixture("arf-complaint.eml")]),
    );
    try {
      const rows = (await classifyMailFile(file, classify))!.slice(1).map((l) => l.split("\t"));
      const byMessage = (n: string) => rows.filter((r) => r[0] === n);
      expect(byMessage("1").length).toBeGreaterThan(0);
      expect(byMessage("1").every((r) => r[1].includes("@") && r[3] !== "skipped")).toBe(true);
      expect(byMessage("2")).toEqual([["2", "", "", "skipped", "auto-reply"]]);
      expect(byMessage("3")).toEqual([["3", "", "", "skipped", "delay report"]]);
      expect(byMessage("4")[0][3]).toBe("complaint");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives null for a file that is no mailbox (a CSV), for the other readers", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-classify-mail-"));
    const file = path.join(dir, "bounces.csv");
    fs.writeFileSync(file, "email,status,diagnostic\na@example.com,5.1.1,user unknown\n");
    try {
      expect(await classifyMailFile(file, classify)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
