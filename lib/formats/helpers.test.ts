import { describe, expect, it } from "vitest";
import { daysFromCivil, parseDate } from "./dates";
import { canonicalEmail, normalizeEmail } from "./email";
import { extractReplyCode, extractStatus, isRegexSpace, parseReplyCode, stripSmtpPrefix } from "./smtp";
import { normalizeHeaderName } from "./format";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

describe("parseDate", () => {
  it.each([
    ["2026-10-01T00:11:58Z", "2026-10-01T00:11:58.000Z"],
    ["2026-10-01T02:11:58.250+02:00", "2026-10-01T00:11:58.250Z"],
    ["2026-10-01T08:00:17.1234567-04:00", "2026-10-01T12:00:17.123Z"],
    ["2026-10-01 00:15:09+0200", "2026-09-30T22:15:09.000Z"],
    ["2026-10-01 00:15:09", "2026-10-01T00:15:09.000Z"],
    ["2026-10-01", "2026-10-01T00:00:00.000Z"],
    ["Thu, 01 Oct 2026 00:11:58 UTC", "2026-10-01T00:11:58.000Z"],
    ["Thu, 1 Oct 2026 02:11:58 +0200", "2026-10-01T00:11:58.000Z"],
    ["01 Oct 2026 00:11:58 GMT", "2026-10-01T00:11:58.000Z"],
    ["1790000000", "2026-09-21T14:13:20.000Z"],
    ["1790000000123", "2026-09-21T14:13:20.123Z"],
    ["1790000000.5", "2026-09-21T14:13:20.500Z"],
    ["20261001", "2026-10-01T00:00:00.000Z"],
  ])("reads %s", (input, expected) => {
    expect(iso(parseDate(input))).toBe(expected);
  });

  it("reads day-first dates when asked, month-first otherwise", () => {
    expect(iso(parseDate("01/10/2026", { dayFirst: true }))).toBe("2026-10-01T00:00:00.000Z");
    expect(iso(parseDate("01/10/2026 14:05", { dayFirst: true }))).toBe("2026-10-01T14:05:00.000Z");
    expect(iso(parseDate("31-12-2026 23:59:59", { dayFirst: true }))).toBe("2026-12-31T23:59:59.000Z");
    expect(iso(parseDate("01/10/26", { dayFirst: true }))).toBe("2026-10-01T00:00:00.000Z");
    expect(iso(parseDate("10/25/2026 3:04 PM", { dayFirst: false }))).toBe("2026-10-25T15:04:00.000Z");
  });

  it("refuses what is not a date", () => {
    for (const bad of ["yesterday", "32/10/2026", "2026-13-01", "2026-02-30", "25:00", "12", "Thu, 01 Foo 2026 00:11:58", "2026-10-01 24:00:00"]) {
      expect(parseDate(bad, { dayFirst: true }), bad).toBeNull();
    }
    expect(parseDate("10/25/2026", { dayFirst: true })).toBeNull();
  });

  it("counts days as Date.UTC does, on every day from 1990 to 2100", () => {
    for (let t = Date.UTC(1990, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) * 86_400_000).toBe(t);
    }
  });
});

describe("normalizeEmail", () => {
  it("trims and lower-cases", () => {
    expect(normalizeEmail("  Laura.Garcia@ACME-Industrial.com ")).toEqual({
      email: "laura.garcia@acme-industrial.com",
      domain: "acme-industrial.com",
    });
  });

  it("converts an internationalised domain to punycode", () => {
    expect(normalizeEmail("Hugo@München-Test.de")).toEqual({ email: "hugo@xn--mnchen-test-thb.de", domain: "xn--mnchen-test-thb.de" });
  });

  it.each([
    ["", "no email address"],
    ["   ", "no email address"],
    ["not-an-email", "invalid email address 'not-an-email'"],
    ["a@@b.com", "invalid email address 'a@@b.com'"],
    ["@b.com", "invalid email address '@b.com'"],
    ["a@localhost", "invalid email address 'a@localhost'"],
    ["a b@x.com", "invalid email address 'a b@x.com'"],
    ["a@x .com", "invalid email address 'a@x .com'"],
    ["Ana <a@x.com>", "invalid email address 'Ana <a@x.com>'"],
    ["a@x..com", "invalid email address 'a@x..com'"],
    ["a@bücher.de/evil", "invalid email address 'a@bücher.de/evil'"],
    ["a@b-.com", "invalid email address 'a@b-.com'"],
    ["a@-b.com", "invalid email address 'a@-b.com'"],
    ["a@b.com.", "invalid email address 'a@b.com.'"],
    [`a@${"x".repeat(64)}.com`, `invalid email address 'a@${"x".repeat(64)}.com'`],
    [`${"x".repeat(65)}@b.com`, `invalid email address '${"x".repeat(65)}@b.com'`],
  ])("rejects %j", (input, error) => {
    expect(normalizeEmail(input)).toEqual({ error });
    expect(canonicalEmail(input)).toEqual({ error });
  });

  it("reads canonical addresses, and ones needing lower case or IDNA, alike", () => {
    for (const [input, email] of [
      ["ok_1-x@sub.domain-2.co.uk", "ok_1-x@sub.domain-2.co.uk"],
      ["Ok@sub.Domain.com", "ok@sub.domain.com"],
      ["ok@SUB.DOMAIN.COM", "ok@sub.domain.com"],
      ["Ñandú@dominio.es", "ñandú@dominio.es"],
      ["ok@bücher.de", "ok@xn--bcher-kva.de"],
    ]) {
      expect(canonicalEmail(input)).toBe(email);
      expect(normalizeEmail(input)).toEqual({ email, domain: email.slice(email.indexOf("@") + 1) });
    }
  });
});

describe("SMTP helpers", () => {
  it("extracts enhanced status codes", () => {
    expect(extractStatus("5.1.1 (bad destination mailbox address)")).toBe("5.1.1");
    expect(extractStatus("smtp;550 5.1.1 <a@x.com>: user unknown")).toBe("5.1.1");
    expect(extractStatus("550-5.7.26 unauthenticated")).toBe("5.7.26");
    expect(extractStatus("connect to 192.0.2.10 failed")).toBeNull();
    expect(extractStatus("host 10.5.4.4 said no")).toBeNull();
    expect(extractStatus(null)).toBeNull();
  });

  it("extracts reply codes", () => {
    expect(extractReplyCode("smtp;550-5.1.1 The email account")).toBe(550);
    expect(extractReplyCode("554 delivery error")).toBe(554);
    expect(extractReplyCode("Remote said: 452 4.2.2 Mailbox full")).toBe(452);
    expect(extractReplyCode("Host or domain name not found")).toBeNull();
    expect(extractReplyCode("5.1.1 user unknown")).toBeNull();
    expect(parseReplyCode(" 550 ")).toBe(550);
    expect(parseReplyCode("abc")).toBeNull();
  });

  it("strips the smtp; diagnostic type only at the start", () => {
    expect(stripSmtpPrefix("smtp;550 x")).toBe("550 x");
    expect(stripSmtpPrefix("SMTP; 550 x")).toBe("550 x");
    expect(stripSmtpPrefix("550 smtp;x")).toBe("550 smtp;x");
    expect(stripSmtpPrefix("\u00a0 sMtP \t;\u2028 550 x")).toBe("550 x");
    expect(stripSmtpPrefix("smtp 550 x")).toBe("smtp 550 x");
    expect(stripSmtpPrefix("\u017ftp;x")).toBe("\u017ftp;x");
    expect(stripSmtpPrefix("smtp;")).toBe("");
  });

  it("reads statuses and codes at the start as the patterns do further in", () => {
    expect(extractStatus("5.1.1")).toBe("5.1.1");
    expect(extractStatus("4.4.7 (delivery time expired)")).toBe("4.4.7");
    expect(extractStatus("5.01.001 odd")).toBe("5.1.1");
    expect(extractStatus("5.1.1234 then 4.2.2")).toBe("4.2.2");
    expect(extractStatus("5.1.1.2")).toBeNull();
    expect(extractStatus("5.1.1_x")).toBeNull();
    expect(extractStatus("5.1.1. end")).toBe("5.1.1");
    expect(extractStatus("3.1.1")).toBeNull();
    expect(extractReplyCode(" \t550")).toBe(550);
    expect(extractReplyCode("5500 x")).toBeNull();
    expect(extractReplyCode("550.5 x")).toBeNull();
    expect(extractReplyCode("smtp;smtp;421 x")).toBeNull(); // one prefix is stripped, as the pattern did
    expect(parseReplyCode("\u3000452-4.2.2")).toBe(452);
    expect(parseReplyCode("55")).toBeNull();
  });

  it("treats as spaces exactly what \\s matches", () => {
    for (let c = 0; c < 0x10000; c++) expect(isRegexSpace(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});

describe("normalizeHeaderName", () => {
  it("ignores case, accents, spaces and punctuation", () => {
    expect(normalizeHeaderName("Correo electrónico")).toBe("correoelectronico");
    expect(normalizeHeaderName("\uFEFFE-Mail Address")).toBe("emailaddress");
    expect(normalizeHeaderName("bounce.bouncedRecipients.emailAddress")).toBe("bouncebouncedrecipientsemailaddress");
  });
});
