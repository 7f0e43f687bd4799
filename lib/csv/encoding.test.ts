import { describe, expect, it } from "vitest";
import { detectEncoding, incompleteUtf8Tail, isUtf8Start, sniffBinary, StreamDecoder, type EncodingGuess } from "./encoding";

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

function decodeInChunks(data: Uint8Array, size: number): string {
  const d = new StreamDecoder(detectEncoding(data.subarray(0, 65536)));
  let out = "";
  for (let i = 0; i < data.length; i += size) out += d.decode(data.subarray(i, i + size));
  return out + d.end();
}

describe("detectEncoding", () => {
  it("reads byte-order marks", () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ encoding: "utf-8", bom: true });
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0x00))).toEqual({ encoding: "utf-16le", bom: true });
    expect(detectEncoding(bytes(0xfe, 0xff, 0x00, 0x61))).toEqual({ encoding: "utf-16be", bom: true });
  });

  it("tells UTF-8 from Windows-1252", () => {
    expect(detectEncoding(utf8("Teléfono;Fecha\n")).encoding).toBe("utf-8");
    expect(detectEncoding(bytes(0x54, 0x65, 0x6c, 0xe9, 0x66, 0x6f, 0x6e, 0x6f)).encoding).toBe("windows-1252");
    // A multi-byte character cut at the end of the sample is still UTF-8.
    expect(detectEncoding(utf8("García").subarray(0, 5)).encoding).toBe("utf-8");
  });

  it("recognises UTF-16 without a BOM", () => {
    const le = new Uint8Array(Buffer.from("email\tname\na@x.com\tAna\n", "utf16le"));
    expect(detectEncoding(le)).toEqual({ encoding: "utf-16le", bom: false });
  });
});

describe("sniffBinary", () => {
  it("names zip/xlsx, old Excel, PDF and generic binary files", () => {
    expect(sniffBinary(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00))).toMatch(/Excel or zip/);
    expect(sniffBinary(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1))).toMatch(/\.xls/);
    expect(sniffBinary(utf8("%PDF-1.7\n"))).toMatch(/PDF/);
    expect(sniffBinary(bytes(0x61, 0x62, 0x00, 0x01, 0x02, 0x63, 0x00, 0x00, 0x00))).toMatch(/binary/);
    expect(sniffBinary(bytes(0x1f, 0x8b, 0x08))).toMatch(/gzip/);
  });

  it("accepts text, including UTF-16 with its NUL bytes", () => {
    expect(sniffBinary(utf8("email,status\r\na@x.com,5.1.1\r\n"))).toBeNull();
    expect(sniffBinary(new Uint8Array([0xff, 0xfe, ...Buffer.from("email\tname\n", "utf16le")]))).toBeNull();
  });
});

describe("StreamDecoder", () => {
  const text = "Correo;Nombre\nlucía@x.com;Lucía Díaz 🙂 ✓\n";

  it("never splits a UTF-8 character across chunks", () => {
    const data = utf8(text);
    for (const size of [1, 2, 3, 5]) expect(decodeInChunks(data, size)).toBe(text);
  });

  it("decodes Windows-1252 bytes (0xE9 is é)", () => {
    expect(decodeInChunks(bytes(0x43, 0x61, 0xf1, 0x61, 0x73, 0x20, 0xe9, 0x80), 1)).toBe("Cañas é€");
  });

  it("decodes UTF-16 LE and BE with BOM in 1-byte chunks", () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    expect(decodeInChunks(le, 1)).toBe(text);
    const beBody = Buffer.from(text, "utf16le").swap16();
    expect(decodeInChunks(new Uint8Array([0xfe, 0xff, ...beBody]), 3)).toBe(text);
  });

  it("switches to Windows-1252 when invalid UTF-8 appears after the first chunk", () => {
    const d = new StreamDecoder({ encoding: "utf-8", bom: false });
    let out = d.decode(utf8("plain ascii start\n"));
    out += d.decode(bytes(0x4a, 0x6f, 0x73, 0xe9, 0x0a));
    out += d.end();
    expect(out).toBe("plain ascii start\nJosé\n");
    expect(d.encoding).toBe("windows-1252");
  });

  it("measures a cut UTF-8 sequence", () => {
    expect(incompleteUtf8Tail(utf8("ab"))).toBe(0);
    expect(incompleteUtf8Tail(utf8("aé").subarray(0, 2))).toBe(1);
    expect(incompleteUtf8Tail(utf8("a🙂").subarray(0, 4))).toBe(3);
    expect(incompleteUtf8Tail(utf8("a🙂"))).toBe(0);
  });

  it("knows which cut UTF-8 sequences the strict decoder holds back and which it rejects", () => {
    for (let lead = 0; lead < 256; lead++) {
      for (const more of [[], [0x80], [0x9f], [0xa0], [0xbf], [0x8f], [0x90], [0x41], [0xa0, 0x80], [0x90, 0x80], [0x80, 0x80], [0x8f, 0xbf], [0x90, 0x41]]) {
        const cut = bytes(lead, ...more);
        let held = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(cut, { stream: true });
          held = new TextDecoder("utf-8", { fatal: true }).decode(cut, { stream: true }) === "";
        } catch {
          held = false;
        }
        expect(isUtf8Start(cut), `${[...cut].map((b) => b.toString(16))}`).toBe(held && lead >= 0x80);
      }
    }
  });

  it("decodes pieces as a whole read would, byte-order mark and all, when the stream starts with them", () => {
    const guess: EncodingGuess = { encoding: "utf-8", bom: true };
    const whole = new StreamDecoder(guess);
    const pieces = new StreamDecoder(guess);
    for (const read of [utf8("\ufeffemail\nana@x.example\n"), utf8("bea@x.example\nJosé\n"), utf8("\ufeffnot a mark here\n")]) {
      expect([...pieces.decodePieces(read, 4)].join("")).toBe(whole.decode(read));
    }
  });

  it("decodes a read in pieces into the same text, and carries on the same, whatever the bytes", () => {
    // Bytes around every boundary of the UTF-8 tables, with line feeds for the pieces to end at.
    const alphabet = [0x0a, 0x0a, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff];
    const valid = [..."a\nñ€🙂中"].map((c) => [...utf8(c)]);
    let seed = 3;
    const random = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) % n;
    for (let round = 0; round < 3000; round++) {
      const reads: Uint8Array[] = [];
      for (let r = 0; r < 4; r++) {
        const read: number[] = [];
        const length = random(40);
        // Mostly valid text, now and then a stray byte.
        while (read.length < length) read.push(...(random(12) === 0 ? [alphabet[random(alphabet.length)]] : valid[random(valid.length)]));
        // Cut characters at the ends of reads too.
        reads.push(new Uint8Array(read.slice(random(3))));
      }
      const guess: EncodingGuess = { encoding: random(5) === 0 ? "windows-1252" : "utf-8", bom: false };
      const whole = new StreamDecoder(guess);
      const pieces = new StreamDecoder(guess);
      for (const read of reads) {
        const expected = whole.decode(read);
        const got: { text: string; last: boolean }[] = [];
        for (const text of pieces.decodePieces(read, 1 + random(6))) got.push({ text, last: pieces.lastPiece });
        expect(got.map((p) => p.text).join(""), `${round}`).toBe(expected);
        expect(got.map((p) => p.last)).toEqual(got.map((_, i) => i === got.length - 1));
        expect(got.slice(0, -1).every((p) => p.text.endsWith("\n"))).toBe(true);
        expect(pieces.encoding).toBe(whole.encoding);
      }
      expect(pieces.end()).toBe(whole.end());
    }
  });
});
