import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeZip, type ZipMember } from "../../test/helpers/make-zip";
import { ARCHIVE_LIMITS, isZip, memberPathOf, unpackArchive } from "./archive";
import { ImportFileError } from "./types";

const OWN = path.resolve(__dirname, "../../test/fixtures/formats");
const fixture = (f: string) => fs.readFileSync(path.join(OWN, f));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-zip-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function zipFile(members: ZipMember[]): string {
  const file = path.join(tmp, `upload-${++n}.upload`);
  fs.writeFileSync(file, makeZip(members));
  return file;
}

async function refusal(file: string, limits = ARCHIVE_LIMITS): Promise<ImportFileError> {
  try {
    await unpackArchive(file, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error("expected the zip to be refused");
}

/** Mailchimp's audience export: one zip, three CSVs. */
const mailchimpAudience: ZipMember[] = [
  { name: "subscribed_members_export_a1b2c3d4e5.csv", data: fixture("mailchimp-subscribed.csv") },
  { name: "unsubscribed_members_export_a1b2c3d4e5.csv", data: fixture("mailchimp-unsubscribed.csv") },
  { name: "cleaned_members_export_a1b2c3d4e5.csv", data: fixture("mailchimp-cleaned.csv") },
];

describe("zip uploads", () => {
  it("are told by their first bytes, whatever their name", () => {
    expect(isZip(makeZip(mailchimpAudience))).toBe(true);
    expect(isZip(Buffer.from("email,status\n"))).toBe(false);
  });

  it("Mailchimp's audience zip: the cleaned file is unpacked, the two others are left out with what they are", async () => {
    const file = zipFile([...mailchimpAudience, { name: "__MACOSX/._cleaned_members_export_a1b2c3d4e5.csv", data: "x" }]);
    const contents = await unpackArchive(file);
    expect(contents).toEqual({
      member: "cleaned_members_export_a1b2c3d4e5.csv",
      size: fixture("mailchimp-cleaned.csv").length,
      ignored: [
        { name: "subscribed_members_export_a1b2c3d4e5.csv", reason: "Mailchimp's subscribed contacts" },
        { name: "unsubscribed_members_export_a1b2c3d4e5.csv", reason: "Mailchimp's unsubscribed contacts" },
      ],
    });
    expect(fs.readFileSync(memberPathOf(file))).toEqual(fixture("mailchimp-cleaned.csv"));
    expect(fs.existsSync(memberPathOf(file) + ".peek")).toBe(false);
  });

  it("a zip with nothing importable is refused, naming each file and why", async () => {
    const e = await refusal(zipFile([mailchimpAudience[0], mailchimpAudience[1], { name: "logo.png", data: "\x89PNG" }]));
    expect(e.code).toBe("nothing-to-import");
    expect(e.message).toMatch(/subscribed_members_export_a1b2c3d4e5\.csv \(Mailchimp's subscribed contacts\)/);
    expect(e.message).toMatch(/logo\.png \(not a CSV or JSON file\)/);
    expect(e.message).toMatch(/cleaned contacts/);
  });

  it("a zip mixing bounce emails and a bounce export is refused, naming the mix and what to upload; an Outlook .msg is named", async () => {
    const eml = fs.readFileSync(path.resolve(__dirname, "../../test/fixtures/mail/exim-text.eml"));
    const msg = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(500),
      Buffer.from("__substg1.0_0037001F", "utf16le"),
    ]);
    const e = await refusal(
      zipFile([
        { name: "bounces/1.eml", data: eml },
        { name: "bounces/2.eml", data: eml },
        { name: "export.csv", data: fixture("sendgrid-datetime.csv") },
      ]),
    );
    expect(e.message).toBe(
      "The zip mixes 2 bounce emails with a bounce export (export.csv); an import reads one or the other. Upload export.csv on its own, then the zip without it.",
    );
    const withMsg = await unpackArchive(
      zipFile([
        { name: "1.eml", data: eml },
        { name: "2.msg", data: msg },
      ]),
      ARCHIVE_LIMITS,
    );
    expect(withMsg.ignored).toEqual([{ name: "2.msg", reason: "an Outlook .msg message, not read: save it as .eml" }]);
  });

  it("several bounce exports are imported one at a time, not guessed between", async () => {
    const e = await refusal(
      zipFile([
        { name: "a.csv", data: fixture("sendgrid-datetime.csv") },
        { name: "b.csv", data: fixture("postmark-bounces.csv") },
      ]),
    );
    expect(e.message).toMatch(/several files to import \(a\.csv, b\.csv\)/);
  });

  it("a CSV of unknown columns is unpacked for the column-mapping step; JSON members are read whole", async () => {
    expect((await unpackArchive(zipFile([{ name: "crm.csv", data: "Destinatario externo;Cuándo\nana@example.com;2026-10-05\n" }]))).member).toBe("crm.csv");
    expect((await unpackArchive(zipFile([{ name: "bounces.json", data: fixture("postmark-bounces.json") }]))).member).toBe("bounces.json");
  });

  it("nested zips, spreadsheets and broken zips get a clear word", async () => {
    const nested = await refusal(zipFile([{ name: "inner.zip", data: makeZip(mailchimpAudience) }]));
    expect(nested.message).toMatch(/inner\.zip \(a zip inside the zip is not opened\)/);
    const xlsx = await refusal(
      zipFile([
        { name: "[Content_Types].xml", data: "<Types/>" },
        { name: "xl/workbook.xml", data: "<workbook/>" },
      ]),
    );
    expect(xlsx).toMatchObject({ code: "not-text", message: expect.stringMatching(/spreadsheet.*save it as CSV/) });
    const broken = path.join(tmp, "broken.upload");
    fs.writeFileSync(broken, Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(64, 7)]));
    expect(await refusal(broken)).toMatchObject({ code: "not-text", message: expect.stringMatching(/cannot be opened as a zip/) });
  });

  describe("zip bombs stop at the caps", () => {
    const zeros = Buffer.alloc(2 * 1024 * 1024); // 2 MB of zeros deflate to ~2 KB
    const small = { ...ARCHIVE_LIMITS, maxMemberBytes: 1024 * 1024 };

    it("a member declaring more than the cap is not unpacked", async () => {
      const e = await refusal(zipFile([{ name: "bounces.csv", data: zeros }]), small);
      expect(e.message).toMatch(/bounces\.csv \(unpacks to more than 1 MB\)/);
    });

    it("a member that inflates past the size it declares fails", async () => {
      const body = Buffer.concat([fixture("sendgrid-datetime.csv"), Buffer.alloc(3 * 1024 * 1024, "a")]);
      const file = zipFile([{ name: "bounces.csv", data: body, declaredSize: 4096 }]);
      const e = await refusal(file, small);
      expect(e.code).toBe("unreadable");
      expect(e.message).toMatch(/could not be unpacked/);
    });

    it("all of a zip's reading stops at its total cap, peeks included", async () => {
      const many = [1, 2, 3, 4, 5].map((i) => ({ name: `f${i}.csv`, data: Buffer.concat([Buffer.from("email,status\n"), Buffer.alloc(300 * 1024, 32)]) }));
      const e = await refusal(zipFile(many), { ...small, peekBytes: 256 * 1024, maxTotalBytes: 1024 * 1024 });
      expect(e.message).toMatch(/unpacks to more than 1 MB/);
    });

    it("a zip listing too many entries is refused before any is read", async () => {
      const e = await refusal(zipFile([1, 2, 3].map((i) => ({ name: `f${i}.csv`, data: "email,status\n" }))), { ...ARCHIVE_LIMITS, maxEntries: 2 });
      expect(e.message).toMatch(/lists 3 files, more than the 2/);
    });
  });
});
