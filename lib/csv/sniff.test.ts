import { describe, expect, it } from "vitest";
import { sniffDelimiter } from "./sniff";

describe("sniffDelimiter", () => {
  it("recognises comma, semicolon, tab and pipe", () => {
    expect(sniffDelimiter("email,status\na@x.com,5.1.1\n", true)).toBe(",");
    expect(sniffDelimiter("Correo;Fecha;Motivo\r\na@x.com;01/10/2026;550 user unknown, sorry\r\n", true)).toBe(";");
    expect(sniffDelimiter("Email\tName\tDate\na@x.com\tAna, Pérez\t2026-10-01\n", true)).toBe("\t");
    expect(sniffDelimiter("email|status\na@x.com|5.1.1\n", true)).toBe("|");
  });

  it("ignores delimiters inside quotes", () => {
    const sample = 'email;diagnostic\na@x.com;"550 5.1.1 a, b, c, d"\nb@x.com;"552, full, really"\n';
    expect(sniffDelimiter(sample, true)).toBe(";");
  });

  it("prefers the delimiter that gives a consistent column count", () => {
    // The header alone is ambiguous (one of each); the rows decide.
    const sample = "a,b;c\n1,2;3\n4,5;6\n7;8,9,10\n";
    expect(sniffDelimiter(sample, true)).toBe(";");
  });

  it("falls back to comma for a one-column file and ignores a cut last line", () => {
    expect(sniffDelimiter("email\na@x.com\n", true)).toBe(",");
    expect(sniffDelimiter("a;b\n1;2\n3,4,5,6,7", false)).toBe(";");
  });
});
