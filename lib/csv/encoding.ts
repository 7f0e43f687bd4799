/**
 * Byte-level checks before any parsing: is this text at all, and which encoding is it in.
 * Decisions are taken on the first chunk (up to ~1 MB), which is plenty for magic numbers and BOMs.
 */
import { isUtf8 } from "node:buffer";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** The file starts with a byte-order mark (TextDecoder strips it). */
  bom: boolean;
}

const EXCEL_ZIP = "This looks like an Excel or zip file, not a CSV. Save it as CSV (comma or semicolon separated) and upload it again.";

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

const GENERIC_BINARY = "This file contains binary data, not text. Export the bounces from your email platform as CSV and upload that file.";

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
const LF = 0x0a;

export class StreamDecoder {
  private decoder: TextDecoder;
  private pendingTail: Uint8Array | null = null;
  encoding: TextEncodingName;
  /** Whether the piece decodePieces yielded last ends its read. (Not a field of what it yields: V8 pretenured those small objects, and dead ones in the old generation kept young text alive.) */
  lastPiece = true;
  /** Whether the decoder has been given bytes: at the start of the stream it strips a byte-order mark. */
  private fed = false;

  constructor(guess: EncodingGuess) {
    this.encoding = guess.encoding;
    this.decoder = new TextDecoder(guess.encoding, { fatal: guess.encoding === "utf-8" });
  }

  decode(bytes: Uint8Array): string {
    this.fed = true;
    if (this.encoding !== "utf-8") return this.decoder.decode(bytes, { stream: true });
    try {
      const text = this.decoder.decode(bytes, { stream: true });
      this.rememberTail(bytes);
      return text;
    } catch {
      return this.switchTo1252(bytes);
    }
  }

  /**
   * The same text as decode(bytes), as several strings decoded one at a time as they are asked for:
   * pieces of about `pieceBytes` bytes, each ending just after a line feed (a byte that is a whole
   * character in UTF-8 and Windows-1252, so no character is cut). A read's whole text (~1 MB) lives
   * until all of it is parsed, long enough to be promoted to the old generation; its pieces die
   * young. Read whole: UTF-16, small reads, and UTF-8 that the strict decoder would reject
   * somewhere (decode() then switches the whole read to Windows-1252, which pieces already handed
   * out could not follow).
   */
  *decodePieces(bytes: Uint8Array, pieceBytes: number): Generator<string, void, undefined> {
    const held = this.encoding === "windows-1252" ? 0 : this.encoding === "utf-8" ? this.utf8Held(bytes) : -1;
    if (held < 0 || bytes.length <= pieceBytes) {
      this.lastPiece = true;
      yield this.decode(bytes);
      return;
    }
    // UTF-8 the check above found valid decodes with Buffer's decoder (V8's): the same text as the
    // strict TextDecoder's, which goes through ICU's converter at ~14 instructions a byte, a sixth
    // of all it takes to prepare a row (callgrind). The TextDecoder still gets what only it can
    // take: the start of the stream (it strips a byte-order mark), a first piece that completes a
    // character the previous read cut, and the bytes held back at the end, which it keeps.
    const valid = this.encoding === "utf-8" ? bytes.length - held : 0;
    let decoderHolds = !this.fed || this.pendingTail !== null;
    this.fed = true;
    for (let start = 0; start < bytes.length; ) {
      const lf = bytes.indexOf(LF, start + pieceBytes - 1);
      // Bytes of a cut character alone would decode to nothing: they go with the last piece.
      const end = lf === -1 || bytes.length - (lf + 1) <= held ? bytes.length : lf + 1;
      const piece = bytes.subarray(start, end);
      const text =
        !decoderHolds && end <= valid
          ? Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString("utf8")
          : this.decoder.decode(piece, { stream: true });
      // A piece ends after a line feed or at the end of the read: nothing of it is held after that.
      decoderHolds = false;
      start = end;
      this.lastPiece = start === bytes.length;
      if (this.lastPiece && this.encoding === "utf-8") this.rememberTail(bytes);
      yield text;
    }
  }

  /**
   * When the strict UTF-8 decoder, holding pendingTail, would accept `bytes`: how many bytes at
   * their end it would hold back (the start of a character cut by the read). Otherwise -1, also when
   * unsure (tiny reads), which only means decoding the read whole.
   */
  private utf8Held(bytes: Uint8Array): number {
    let start = 0;
    const pending = this.pendingTail;
    if (pending) {
      // The character the previous read cut, completed by the first bytes of this one.
      const char = new Uint8Array(utf8Length(pending[0]));
      const rest = char.length - pending.length;
      if (rest <= 0 || rest > bytes.length) return -1;
      char.set(pending, 0);
      char.set(bytes.subarray(0, rest), pending.length);
      if (!isUtf8(char)) return -1;
      start = rest;
    }
    if (bytes.length - start < 4) return -1;
    const held = incompleteUtf8Tail(bytes.subarray(bytes.length - 3));
    if (held > 0 && !isUtf8Start(bytes.subarray(bytes.length - held))) return -1;
    return isUtf8(bytes.subarray(start, bytes.length - held)) ? held : -1;
  }

  /** Keeps the bytes of a character cut at the end of `bytes`, for switchTo1252. */
  private rememberTail(bytes: Uint8Array): void {
    // Look at the last 3 bytes of the stream, which may straddle tiny chunks.
    let last = bytes;
    if (bytes.length < 3 && this.pendingTail) {
      last = new Uint8Array(this.pendingTail.length + bytes.length);
      last.set(this.pendingTail, 0);
      last.set(bytes, this.pendingTail.length);
    }
    const tail = incompleteUtf8Tail(last.length > 3 ? last.subarray(last.length - 3) : last);
    this.pendingTail = tail ? last.slice(last.length - tail) : null;
  }

  /** Invalid UTF-8 in `bytes`: decodes them, and all that follows, as Windows-1252. */
  private switchTo1252(bytes: Uint8Array): string {
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

/** Bytes of the UTF-8 character this lead byte starts (1 for ASCII and for bytes that start none). */
function utf8Length(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/**
 * Whether `bytes` (1 to 3 of them, fewer than their character needs) can begin a well-formed UTF-8
 * character: the lead byte and the range Unicode allows for the byte after it (no overlong form,
 * no surrogate, nothing above U+10FFFF), then continuation bytes.
 */
export function isUtf8Start(bytes: Uint8Array): boolean {
  const lead = bytes[0];
  if (lead < 0xc2 || lead > 0xf4 || bytes.length >= utf8Length(lead)) return false;
  if (bytes.length === 1) return true;
  const second = bytes[1];
  const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  if (second < low || second > high) return false;
  return bytes.length === 2 || (bytes[2] >= 0x80 && bytes[2] <= 0xbf);
}
