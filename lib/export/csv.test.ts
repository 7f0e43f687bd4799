import { describe, expect, it } from "vitest";
import { csvLine, csvStream, safeCell, UTF8_BOM } from "./csv";

describe("spreadsheet-safe CSV", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(safeCell("=1+2")).toBe("'=1+2");
    expect(safeCell("+SUM(A1:A2)")).toBe("'+SUM(A1:A2)");
    expect(safeCell("-2+3")).toBe("'-2+3");
    expect(safeCell("@SUM(1+1)*cmd|' /C calc'!A0")).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(safeCell("\t=1")).toBe("'\t=1");
    expect(safeCell('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });

  it("quotes commas, quotes and line breaks and leaves plain text alone", () => {
    expect(safeCell("a,b")).toBe('"a,b"');
    expect(safeCell("line1\nline2")).toBe('"line1\nline2"');
    expect(safeCell("plain")).toBe("plain");
    expect(safeCell(null)).toBe("");
    expect(safeCell(550)).toBe("550");
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });

  it("streams a header and rows, with an optional BOM", async () => {
    const bytes = Buffer.from(await new Response(csvStream(["x", "y"], [[1, "=2"]], { bom: true })).arrayBuffer());
    // Read raw bytes: a decoder would silently drop the BOM Excel needs.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toBe(`${UTF8_BOM}x,y\r\n1,'=2\r\n`);
  });
});
