import { describe, expect, it } from "vitest";
import { CsvParser, parseCsv, type CsvBadRecord } from "./parser";

function parseChunks(chunks: string[], delimiter = ",") {
  const records: { fields: string[]; line: number }[] = [];
  const bad: CsvBadRecord[] = [];
  const p = new CsvParser({ record: (fields, line) => records.push({ fields, line }), bad: (b) => bad.push(b) }, { delimiter });
  for (const c of chunks) p.push(c);
  p.end();
  return { records, bad };
}

const SAMPLE =
  "email,status,diagnostic\r\n" +
  'a@x.com,5.1.1,"550 5.1.1 <a@x.com>, user unknown"\r\n' +
  "\r\n" +
  'b@x.com,4.2.2,"452 ""mailbox"" full\r\nsecond line\nthird line"\r\n' +
  "c@x.com,,plain text\n" +
  '"d@x.com",5.7.1,"",extra\r' +
  'e@x.com,5.0.0,"ends at EOF"';

describe("CsvParser", () => {
  it("parses RFC 4180 quoting, escapes, embedded breaks and all line endings with physical line numbers", () => {
    const { records, bad } = parseCsv(SAMPLE);
    expect(bad).toEqual([]);
    expect(records).toEqual([
      { fields: ["email", "status", "diagnostic"], line: 1 },
      { fields: ["a@x.com", "5.1.1", "550 5.1.1 <a@x.com>, user unknown"], line: 2 },
      { fields: ["b@x.com", "4.2.2", '452 "mailbox" full\r\nsecond line\nthird line'], line: 4 },
      { fields: ["c@x.com", "", "plain text"], line: 7 },
      { fields: ["d@x.com", "5.7.1", "", "extra"], line: 8 },
      { fields: ["e@x.com", "5.0.0", "ends at EOF"], line: 9 },
    ]);
  });

  it("gives the same result for 1-character chunks", () => {
    expect(parseChunks([...SAMPLE])).toEqual(parseCsv(SAMPLE));
  });

  it("gives the same result whatever position the text is cut at", () => {
    const whole = parseCsv(SAMPLE);
    for (let i = 0; i <= SAMPLE.length; i++) {
      expect(parseChunks([SAMPLE.slice(0, i), SAMPLE.slice(i)]), `cut at ${i}`).toEqual(whole);
    }
  });

  it("skips blank lines and rows of empty cells, and keeps values untrimmed", () => {
    const { records } = parseCsv("a;b\n\n\n  x ; y \n;;\n \n\n", { delimiter: ";" });
    expect(records).toEqual([
      { fields: ["a", "b"], line: 1 },
      { fields: ["  x ", " y "], line: 4 },
    ]);
  });

  it("handles a CR-only file and a CRLF split across chunks", () => {
    expect(parseCsv("a,b\rc,d\r").records).toEqual([
      { fields: ["a", "b"], line: 1 },
      { fields: ["c", "d"], line: 2 },
    ]);
    expect(parseChunks(["a,b\r", "\nc,d\r", "\n"]).records).toEqual([
      { fields: ["a", "b"], line: 1 },
      { fields: ["c", "d"], line: 2 },
    ]);
  });

  it("keeps a quote inside an unquoted field and text after a closing quote", () => {
    expect(parseCsv('ab"c,d\n"x"y,z\n').records.map((r) => r.fields)).toEqual([
      ['ab"c', "d"],
      ["xy", "z"],
    ]);
  });

  it("keeps empty trailing fields and handles other delimiters", () => {
    expect(parseCsv("a,b,\n").records[0].fields).toEqual(["a", "b", ""]);
    expect(parseCsv('a\tb\t"c\td"\n', { delimiter: "\t" }).records[0].fields).toEqual(["a", "b", "c\td"]);
    expect(parseCsv("a|b\n", { delimiter: "|" }).records[0].fields).toEqual(["a", "b"]);
  });

  it("reports an unterminated quote at end of file and resumes on the next line", () => {
    const text = 'email,status,diagnostic\nok.one@x.com,5.1.1,fine\nok.two@x.com,5.2.2,"552 Mailbox full\nok.three@x.com,4.4.7,Message expired\n';
    for (const result of [parseCsv(text), parseChunks([...text])]) {
      expect(result.records.map((r) => [r.line, r.fields[0]])).toEqual([
        [1, "email"],
        [2, "ok.one@x.com"],
        [4, "ok.three@x.com"],
      ]);
      expect(result.bad).toEqual([
        {
          line: 3,
          column: 20,
          reason: "unterminated quoted field starting at line 3, column 20",
          raw: 'ok.two@x.com,5.2.2,"552 Mailbox full',
        },
      ]);
    }
  });

  it("gives up on a quoted field spanning more than 50 lines, then resumes after its first line", () => {
    const lines = ['a,"never closed'];
    for (let i = 0; i < 60; i++) lines.push(`row${i},x`);
    lines.push('late,"closing quote"');
    const text = lines.join("\n") + "\n";
    const { records, bad } = parseCsv(text);
    expect(bad).toHaveLength(1);
    expect(bad[0].line).toBe(1);
    expect(bad[0].reason).toMatch(/^unterminated quoted field starting at line 1, column 3 \(still open after 50 lines/);
    expect(records[0]).toEqual({ fields: ["row0", "x"], line: 2 });
    expect(records.at(-1)).toEqual({ fields: ["late", "closing quote"], line: 62 });
    expect(parseChunks(text.match(/[\s\S]{1,7}/g)!)).toEqual({ records, bad });
  });

  it("gives up on a quoted field longer than 64 KB", () => {
    const text = `a,"${"x".repeat(70_000)}\nb,c\n`;
    const { records, bad } = parseCsv(text);
    expect(bad.map((b) => b.line)).toEqual([1]);
    expect(records).toEqual([{ fields: ["b", "c"], line: 2 }]);
  });

  it("accepts a long but closed multi-line quoted field", () => {
    const body = Array.from({ length: 40 }, (_, i) => `line ${i}`).join("\n");
    const { records, bad } = parseCsv(`a,"${body}"\nb,c\n`);
    expect(bad).toEqual([]);
    expect(records).toEqual([
      { fields: ["a", body], line: 1 },
      { fields: ["b", "c"], line: 41 },
    ]);
  });

  it("cuts quoted fields on one line as everywhere else: delimiters, escaped quotes, text after the closing quote", () => {
    const text = 'b,"smtp;550 5.1.1 <a@x.com>: user unknown",mx\n' + '"a,b","c""d",e,"",f\n' + '"x""",",y,","z"tail,last\n' + 'p,"q"r,s"t,"u"\r\n' + '"only"';
    expect(parseCsv(text).records.map((r) => r.fields)).toEqual([
      ["b", "smtp;550 5.1.1 <a@x.com>: user unknown", "mx"],
      ["a,b", 'c"d', "e", "", "f"],
      ['x"', ",y,", "ztail", "last"],
      ["p", "qr", 's"t', "u"],
      ["only"],
    ]);
    // One character at a time, no record is ever whole on one line: the general loop gives the same.
    expect(parseChunks([...text])).toEqual(parseCsv(text));
  });

  it("gives the same result for a read fed in pieces that end after a line feed", () => {
    const text = SAMPLE.repeat(3) + "\n" + 'x,"never closed\ny,z\n' + SAMPLE;
    const pieces = text.split(/(?<=\n)/);
    const records: { fields: string[]; line: number }[] = [];
    const bad: CsvBadRecord[] = [];
    const p = new CsvParser({ record: (fields, line) => records.push({ fields, line }), bad: (b) => bad.push(b) });
    for (const [i, piece] of pieces.entries()) p.push(piece, i === pieces.length - 1);
    p.end();
    expect({ records, bad }).toEqual(parseCsv(text));
  });

  it("checks a record's length at the end of a read, not of each piece of it", () => {
    const options = { maxRecordChars: 10, maxQuotedChars: 100 };
    const text = 'a,"1\n2\n3\n4\n5\n6"\nb\n';
    const records: string[][] = [];
    const p = new CsvParser({ record: (fields) => records.push(fields), bad: () => {} }, options);
    for (const piece of text.split(/(?<=\n)/).slice(0, -1)) p.push(piece, false);
    p.push("b\n");
    p.end();
    expect(records).toEqual([["a", "1\n2\n3\n4\n5\n6"], ["b"]]);
    // The same unfinished record at the end of a read is too long.
    const q = new CsvParser({ record: () => {}, bad: () => {} }, options);
    expect(() => q.push('a,"1\n2\n3\n4\n5\n6')).toThrow(/longer than/);
  });
});
