/**
 * Byte-level checks before any parsing: is this text at all, and which encoding is it in.
 * Decisions are taken on the first chunk (up to ~1 MB), which is plenty for magic numbers and BOMs.
 */

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** The file starts with a byte-order mark (TextDecoder strips it). */
  bom: boolean;
}

const EXCEL_ZIP =
  "This looks like an Excel or zip file, not a CSV. Save it as CSV (comma or semicolon separated) and upload it again.";

/** Known non-text signatures, with what to tell the user. */
const MAGIC: { bytes: number[]; message: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], message: EXCEL_ZIP },
  { bytes: [0x50, 0x4b, 0x05, 0x06], message: EXCEL_ZIP },
  { bytes: [0x50, 0x4b, 0x07, 0x08], message: EXCEL_ZIP },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    message:
      "This looks like an old Excel (.xls) or Word file, not a CSV. Open it in your spreadsheet, save it as CSV (comma or semicolon separated) and upload it again.",
  },
  {
    bytes: [0x25, 0x50, 0x44, 0x46, 0x2d],
    message: "This is a PDF document, not a CSV. Export the bounces from your email platform as CSV and upload that file.",
  },
  {
    bytes: [0x1f, 0x8b],
    message: "This file is compressed (gzip). Uncompress it and upload the CSV inside.",
  },
  {
    bytes: [0x52, 0x61, 0x72, 0x21],
    message: "This is a RAR archive, not a CSV. Extract it and upload the CSV inside.",
  },
  {
    bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    message: "This is a 7-Zip archive, not a CSV. Extract it and upload the CSV inside.",
  },
  { bytes: [0x89, 0x50, 0x4e, 0x47], message: "This is an image (PNG), not a CSV. Upload the bounce export itself." },
  { bytes: [0xff, 0xd8, 0xff], message: "This is an image (JPEG), not a CSV. Upload the bounce export itself." },
  { bytes: [0x47, 0x49, 0x46, 0x38], message: "This is an image (GIF), not a CSV. Upload the bounce export itself." },
  {
    bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66],
    message: "This is a SQLite database, not a CSV. Export the bounces as CSV and upload that file.",
  },
];

const GENERIC_BINARY =
  "This file contains binary data, not text. Export the bounces from your email platform as CSV and upload that file.";

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  if (head.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[i] !== bytes[i]) return false;
  return true;
}

/**
 * UTF-16 without a BOM shows up as ASCII with a NUL in every other byte. Checked before the NUL test
 * so such files are not mistaken for binary.
 */
function sniffBomlessUtf16(head: Uint8Array): TextEncodingName | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05) return "utf-16le";
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05) return "utf-16be";
  return null;
}

/** Returns a user-facing message when the bytes are clearly not a text export, else null. */
export function sniffBinary(head: Uint8Array): string | null {
  for (const m of MAGIC) if (startsWith(head, m.bytes)) return m.message;
  // BOM-marked UTF-16/32 legitimately contain NULs.
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00]) || startsWith(head, [0x00, 0x00, 0xfe, 0xff])) {
    return "This file is in UTF-32, which Rebound cannot read. Save it as CSV UTF-8 and upload it again.";
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return null;
  if (sniffBomlessUtf16(head)) return null;
  const n = Math.min(head.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) return GENERIC_BINARY;
    // Tab, LF, FF, CR and ESC-free text: other C0 controls almost never occur in exports.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) control++;
  }
  return control > n * 0.05 ? GENERIC_BINARY : null;
}

/** Number of bytes at the end of `bytes` that start a UTF-8 sequence not yet complete. */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

function isValidUtf8(head: Uint8Array): boolean {
  try {
    // stream:true tolerates a character cut at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Picks the encoding from the first bytes: BOM first, then UTF-8 validity, else Windows-1252. */
export function detectEncoding(head: Uint8Array): EncodingGuess {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: "utf-8", bom: true };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: "utf-16le", bom: true };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: "utf-16be", bom: true };
  const utf16 = sniffBomlessUtf16(head);
  if (utf16) return { encoding: utf16, bom: false };
  return { encoding: isValidUtf8(head) ? "utf-8" : "windows-1252", bom: false };
}

/**
 * Streaming decoder. UTF-8 is decoded strictly so that a file whose first megabyte is plain ASCII but
 * which later turns out to be Windows-1252 (a Spanish name far down the list) switches to 1252
 * instead of filling the rest with U+FFFD.
 */
export class StreamDecoder {
  private decoder: TextDecoder;
  private pendingTail: Uint8Array | null = null;
  encoding: TextEncodingName;

  constructor(guess: EncodingGuess) {
    this.encoding = guess.encoding;
    this.decoder = new TextDecoder(guess.encoding, { fatal: guess.encoding === "utf-8" });
  }

  decode(bytes: Uint8Array): string {
    if (this.encoding !== "utf-8") return this.decoder.decode(bytes, { stream: true });
    try {
      const text = this.decoder.decode(bytes, { stream: true });
      // Look at the last 3 bytes of the stream, which may straddle tiny chunks.
      let last = bytes;
      if (bytes.length < 3 && this.pendingTail) {
        last = new Uint8Array(this.pendingTail.length + bytes.length);
        last.set(this.pendingTail, 0);
        last.set(bytes, this.pendingTail.length);
      }
      const tail = incompleteUtf8Tail(last.length > 3 ? last.subarray(last.length - 3) : last);
      this.pendingTail = tail ? last.slice(last.length - tail) : null;
      return text;
    } catch {
      // Bytes held back from the previous chunk (a cut sequence) belong to this chunk now.
      this.encoding = "windows-1252";
      this.decoder = new TextDecoder("windows-1252");
      const pending = this.pendingTail;
      this.pendingTail = null;
      if (!pending) return this.decoder.decode(bytes, { stream: true });
      const joined = new Uint8Array(pending.length + bytes.length);
      joined.set(pending, 0);
      joined.set(bytes, pending.length);
      return this.decoder.decode(joined, { stream: true });
    }
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      // A truncated multi-byte character at the very end of the file.
      const pending = this.pendingTail;
      this.pendingTail = null;
      return pending ? new TextDecoder("windows-1252").decode(pending) : "";
    }
  }
}
