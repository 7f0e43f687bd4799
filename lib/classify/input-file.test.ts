import { describe, expect, it } from "vitest";
import { InputError, parseCsv, readBounceFile } from "./input-file";

describe("readBounceFile", () => {
  it("reads a CSV with a PowerMTA-style header and quoted commas", () => {
    const rows = readBounceFile('type,dsnStatus,dsnDiag\nb,5.1.1 (bad destination mailbox address),"smtp;550 5.1.1 <a@b.c>: User unknown, sorry"\n');
    expect(rows).toEqual([
      { line: 2, input: { status: "5.1.1 (bad destination mailbox address)", replyCode: null, diagnostic: "smtp;550 5.1.1 <a@b.c>: User unknown, sorry" } },
    ]);
  });

  it("accepts header spellings: code/error (Mailgun), reason/status (SendGrid), Código/Motivo with ; and BOM", () => {
    expect(readBounceFile("address,code,error\nx@y.z,550,550 user unknown\n")[0].input).toEqual({
      status: null,
      replyCode: "550",
      diagnostic: "550 user unknown",
    });
    expect(readBounceFile("created,email,reason,status\n1,x@y.z,mailbox full,5.2.2\n")[0].input).toEqual({
      status: "5.2.2",
      replyCode: null,
      diagnostic: "mailbox full",
    });
    const es = readBounceFile("\uFEFFCorreo;Código;Motivo\r\nx@y.z;5.1.1;550 usuario desconocido\r\n");
    expect(es).toEqual([{ line: 2, input: { status: "5.1.1", replyCode: null, diagnostic: "550 usuario desconocido" } }]);
  });

  it("reads a single column of diagnostics without a header, skipping blank lines", () => {
    const rows = readBounceFile("550 5.1.1 User unknown\n\n452 4.2.2 Mailbox full\n");
    expect(rows.map((r) => [r.line, r.input.diagnostic])).toEqual([
      [1, "550 5.1.1 User unknown"],
      [3, "452 4.2.2 Mailbox full"],
    ]);
  });

  it("keeps the line where a multi-line quoted record starts", () => {
    const rows = readBounceFile('status,diagnostic\n5.7.1,"550-5.7.1 line one\n550 5.7.1 line two"\n5.1.1,x\n');
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it("reads JSON lines with any of the field spellings", () => {
    const rows = readBounceFile('{"status":"5.1.1","diagnostic":"550 user unknown"}\n\n{"replyCode":552,"reason":"mailbox full"}\n');
    expect(rows).toEqual([
      { line: 1, input: { status: "5.1.1", replyCode: null, diagnostic: "550 user unknown" } },
      { line: 3, input: { status: null, replyCode: 552, diagnostic: "mailbox full" } },
    ]);
  });

  const errors: [string, string, number | null, RegExp][] = [
    ["empty", "", null, /empty/],
    ["blank", "\n  \n", null, /empty/],
    ["header only", "email,status,diagnostic\n", 1, /no rows/],
    ["binary", "PK\u0003\u0004\u0000\u0000", null, /binary/],
    ["unclosed quote", 'status,diagnostic\n5.1.1,ok\n5.2.2,"552 Mailbox full\n', 3, /never closed/],
    ["unknown columns", "a,b\n1,2\n", 1, /cannot tell which column/],
    ["bad JSON", '{"diagnostic":"x"}\n{oops\n', 2, /invalid JSON/],
    ["JSON not an object", '{"diagnostic":"x"}\n[1,2]\n', 2, /JSON object/],
    ["JSON without fields", '{"email":"x@y.z"}\n', 1, /no status/],
  ];
  it.each(errors)("reports %s with its line", (_name, text, line, message) => {
    try {
      readBounceFile(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).line).toBe(line);
      expect((e as InputError).message).toMatch(message);
    }
  });
});

describe("parseCsv", () => {
  it("handles doubled quotes, CRLF and a last line without newline", () => {
    expect(parseCsv('a,"b ""q"", c"\r\nd,e').map((r) => r.fields)).toEqual([
      ["a", 'b "q", c'],
      ["d", "e"],
    ]);
  });
});
