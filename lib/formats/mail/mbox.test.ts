import { describe, expect, it } from "vitest";
import { makeMbox } from "../../../test/helpers/make-mbox";
import { sniffMail, isGzip } from "./detect";
import { MboxSplitter, type SplitMessage } from "./mbox";

function split(data: Buffer, chunk: number, max?: number): SplitMessage[] {
  const out: SplitMessage[] = [];
  const s = new MboxSplitter((m) => out.push(m), max);
  for (let i = 0; i < data.length; i += chunk) s.push(data.subarray(i, i + chunk));
  s.end();
  return out;
}

const one = "From: a@example.org\nSubject: one\n\nbody one\n>From the start of a quoted line\n";
const two = "From: b@example.org\nSubject: two\n\nbody two\n";

describe("mbox splitting", () => {
  it("splits on From lines whatever the chunk size, keeping quoted >From lines inside a message", () => {
    const mbox = Buffer.concat([Buffer.from("\n\n"), makeMbox([one, two, one])]);
    for (const chunk of [1, 3, 5, 7, 64, 100_000]) {
      const messages = split(mbox, chunk);
      expect(messages.map((m) => m.bytes.toString().match(/Subject: (\w+)/)?.[1])).toEqual(["one", "two", "one"]);
      expect(messages[0].separator).toBe("From MAILER-DAEMON Tue Nov 17 00:00:00 2026");
      expect(messages[0].bytes.toString()).toContain(">>From the start of a quoted line");
    }
  });

  it("keeps only the beginning of a message longer than the cap, and marks it cut", () => {
    const big = "From: c@example.org\nSubject: big\n\n" + "x".repeat(50_000) + "\n";
    const [m, next] = split(makeMbox([big, two]), 4096, 1000);
    expect(m.bytes.length).toBe(1000);
    expect(m.cut).toBe(true);
    expect(next.cut).toBe(false);
    expect(next.bytes.toString()).toContain("Subject: two");
  });

  it("handles CRLF mailboxes and a mailbox of blank lines", () => {
    const crlf = Buffer.from(makeMbox([one, two]).toString("latin1").replace(/\n/g, "\r\n"), "latin1");
    expect(split(crlf, 10)).toHaveLength(2);
    expect(split(Buffer.from("\n\n\n"), 1)).toEqual([]);
  });
});

describe("detection by content", () => {
  const b = (s: string) => Buffer.from(s, "latin1");
  it("recognises an mbox, a lone message, and nothing else", () => {
    expect(sniffMail(makeMbox([one]))).toBe("mbox");
    expect(sniffMail(b("Return-Path: <>\r\nReceived: from x\r\n\tby y\r\nFrom: MAILER-DAEMON@x\r\nSubject: failed\r\n\r\nbody"))).toBe("message");
    expect(sniffMail(Buffer.from("\uFEFFDate: Tue, 3 Nov 2026\nFrom: a@b\n\n", "utf8"))).toBe("message");
    expect(sniffMail(b("email,date,status\na@b.example,2026-11-01,5.1.1\n"))).toBeNull();
    expect(sniffMail(b("From the desk of the editor, a letter\nDear all,\n"))).toBeNull();
    expect(sniffMail(b('{"email":"a@b.example"}'))).toBeNull();
    expect(sniffMail(b("Email: a@b.example\nName: Jo\n\n"))).toBeNull();
    expect(isGzip(Buffer.from([0x1f, 0x8b, 8]))).toBe(true);
  });
});

describe("mboxcl2: bodies of declared Content-Length", () => {
  const cl2 = (subject: string, body: string) =>
    `From MAILER-DAEMON Tue Nov 17 00:00:00 2026\nSubject: ${subject}\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}\n`;
  const body = "Hi,\nFrom the report below you will see\n\nFrom: quoted header\nbye\n";

  it("keeps unquoted From lines inside a body whose length is declared, whatever the chunk size", () => {
    const mbox = Buffer.from(cl2("one", body) + cl2("two", "short\n") + cl2("three", body), "latin1");
    for (const chunk of [1, 2, 5, 11, 64, 100_000]) {
      const messages = split(mbox, chunk);
      expect(messages.map((m) => m.bytes.toString().match(/Subject: (\w+)/)?.[1])).toEqual(["one", "two", "three"]);
      expect(messages[0].bytes.toString()).toContain("From the report below");
      expect(messages[2].bytes.toString().trimEnd().endsWith("bye")).toBe(true);
    }
  });

  it("drops a length that proves wrong and splits on From lines after all", () => {
    const long = cl2("one", "x\n").replace("Content-Length: 2", "Content-Length: 90");
    const short = cl2("a", "From here on\nmore\n").replace(/Content-Length: \d+/, "Content-Length: 3");
    for (const chunk of [1, 7, 100_000]) {
      expect(
        split(Buffer.from(long + cl2("two", "y\n") + cl2("three", "z\n"), "latin1"), chunk).map((m) => m.bytes.toString().match(/Subject: (\w+)/)?.[1]),
      ).toEqual(["one", "two", "three"]);
      // Once wrong, no length is believed: the unquoted From line splits, as in any mbox.
      expect(split(Buffer.from(short + cl2("b", "y\n"), "latin1"), chunk)).toHaveLength(3);
    }
  });

  it("takes a declared body to the end of the file", () => {
    const mbox = Buffer.from(cl2("one", "a\nFrom b\n").trimEnd(), "latin1");
    expect(split(mbox, 3).map((m) => m.bytes.toString())).toEqual(["Subject: one\nContent-Length: 9\n\na\nFrom b"]);
  });
});
