/**
 * Splits an mbox into messages as its bytes arrive, never holding more than one message (and at
 * most MAX_MESSAGE_BYTES of it): a message starts after each line that begins with "From ". A
 * message longer than the cap keeps its beginning (where a bounce's report is) and is marked cut.
 *
 * "mboxcl2" mailboxes (Solaris mail, mutt's option) do not quote "From " lines in bodies; each
 * message says its body's length in a Content-Length header instead. That length is followed while
 * what comes after it is a "From " line (or the end): a length that proves wrong is dropped, the
 * message is read again from its start splitting on "From " lines, and no length is believed after.
 */

/** Bytes of one message kept for reading; a bounce's report and reply are in its first kilobytes. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface SplitMessage {
  bytes: Buffer;
  /** The "From " line that opened it, without its line end ("" for a lone message). */
  separator: string;
  cut: boolean;
}

const SEP = Buffer.from("\nFrom ");
const FROM = Buffer.from("From ");
/** Longest separator line kept (the rest of a longer one is skipped). */
const MAX_SEPARATOR = 1024;
/** A header section longer than this has no Content-Length worth believing. */
const MAX_HEADER = 64 * 1024;
/** Bytes needed after a Content-Length body to tell whether a "From " line follows: its last byte, CR LF CR LF, "From ". */
const LOOKAHEAD = 1 + 4 + FROM.length;

export class MboxSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private cut = false;
  private carry: Buffer = Buffer.alloc(0);
  /** Reading the "From " line: its bytes so far. */
  private separator: Buffer[] | null = null;
  private separatorSize = 0;
  private currentSeparator = "";
  private started = false;
  /** Bytes of the current message seen, kept or not. */
  private seen = 0;
  /** Looking for the end of the current message's header section. */
  private inHeader = true;
  /** Where the current message's body ends by its Content-Length (in `seen` terms), or null. */
  private bodyEnd: number | null = null;
  /** Cleared by a Content-Length that proved wrong. */
  private trustLength = true;

  constructor(
    private readonly emit: (m: SplitMessage) => void,
    private readonly maxBytes = MAX_MESSAGE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    let pos = 0;
    if (!this.started) {
      // Blank lines before the first "From " line belong to no message.
      while (pos < buf.length && (buf[pos] === 0x0a || buf[pos] === 0x0d)) pos++;
      if (buf.length - pos < 5) {
        this.carry = Buffer.from(buf.subarray(pos));
        return;
      }
      this.started = true;
      if (buf.subarray(pos, pos + 5).equals(FROM)) this.separator = [];
    }
    while (pos < buf.length) {
      if (this.separator !== null) {
        const nl = buf.indexOf(0x0a, pos);
        const end = nl === -1 ? buf.length : nl;
        if (this.separatorSize < MAX_SEPARATOR) {
          const piece = buf.subarray(pos, Math.min(end, pos + MAX_SEPARATOR - this.separatorSize));
          this.separator.push(Buffer.from(piece));
          this.separatorSize += piece.length;
        }
        if (nl === -1) return;
        this.currentSeparator = Buffer.concat(this.separator).toString("latin1").replace(/\r$/, "");
        this.separator = null;
        this.separatorSize = 0;
        pos = nl + 1;
        continue;
      }
      const i = buf.indexOf(SEP, pos);
      if (this.inHeader && this.trustLength) {
        // Only up to the next separator: a message without a blank line costs no scan of the rest.
        const h = headerEnd(i === -1 ? buf : buf.subarray(0, i + 1), pos);
        if (h !== -1) {
          this.add(buf.subarray(pos, h));
          pos = h;
          this.startBody();
          continue;
        }
        if (i !== -1 || this.seen + buf.length - pos > MAX_HEADER) this.inHeader = false;
      }
      if (this.bodyEnd !== null) {
        // Inside a body of declared length: "From " lines are the message's own. Its last byte is
        // left to the scan below, which finds the "\nFrom " that should follow it.
        if (this.seen < this.bodyEnd - 1) {
          const take = Math.min(buf.length - pos, this.bodyEnd - 1 - this.seen);
          this.add(buf.subarray(pos, pos + take));
          pos += take;
          continue;
        }
        if (buf.length - pos < LOOKAHEAD) {
          this.carry = Buffer.from(buf.subarray(pos));
          return;
        }
        this.bodyEnd = null;
        if (!fromLineAfter(buf, pos + 1)) {
          // The length was wrong: the message so far and the rest are read again, believing none.
          this.trustLength = false;
          if (!this.cut) {
            const again = Buffer.concat([...this.parts, buf.subarray(pos)]);
            this.parts = [];
            this.size = 0;
            this.seen = 0;
            this.push(again);
            return;
          }
        }
        continue;
      }
      if (i === -1) {
        // The last bytes may start a separator (or end a header) that the next chunk completes.
        const keep = Math.max(pos, buf.length - (SEP.length - 1));
        this.add(buf.subarray(pos, keep));
        this.carry = Buffer.from(buf.subarray(keep));
        return;
      }
      this.add(buf.subarray(pos, i + 1));
      this.finish();
      this.separator = [];
      pos = i + 1;
    }
  }

  end(): void {
    if (this.carry.length > 0) {
      const rest = this.carry;
      this.carry = Buffer.alloc(0);
      // What is left is shorter than a lookahead: no "From " line can follow a declared body now.
      if (this.bodyEnd !== null) this.bodyEnd = this.seen;
      this.add(rest);
    }
    this.finish();
  }

  /** The header section ended: a Content-Length there says where the body ends. */
  private startBody(): void {
    this.inHeader = false;
    const m = /^content-length:[ \t]*(\d{1,12})[ \t]*\r?$/im.exec(Buffer.concat(this.parts, this.size).toString("latin1"));
    const length = m ? Number(m[1]) : 0;
    if (length > 0) this.bodyEnd = this.seen + length;
  }

  private add(piece: Buffer): void {
    if (piece.length === 0) return;
    this.seen += piece.length;
    const room = this.maxBytes - this.size;
    if (room <= 0) {
      this.cut = true;
      return;
    }
    const kept = piece.length > room ? piece.subarray(0, room) : piece;
    if (kept !== piece) this.cut = true;
    // A copy: the chunk it came from is not kept alive by a small message.
    this.parts.push(Buffer.from(kept));
    this.size += kept.length;
  }

  private finish(): void {
    const bytes = Buffer.concat(this.parts, this.size);
    const separator = this.currentSeparator;
    const cut = this.cut;
    this.parts = [];
    this.size = 0;
    this.cut = false;
    this.currentSeparator = "";
    this.seen = 0;
    this.inHeader = true;
    this.bodyEnd = null;
    // The blank line that ends an mbox message is the mbox's, not the message's.
    if (!isBlank(bytes)) this.emit({ bytes, separator, cut });
  }
}

/** Where the body starts after a blank line ("\n\n" or "\n\r\n") at or after `from`, or -1. */
function headerEnd(buf: Buffer, from: number): number {
  const lf = buf.indexOf("\n\n", from);
  const crlf = buf.indexOf("\n\r\n", from);
  if (lf === -1) return crlf === -1 ? -1 : crlf + 3;
  return crlf === -1 || lf < crlf ? lf + 2 : crlf + 3;
}

/** True when the body's last byte at `at - 1` is followed by at most a blank line and a "From " line. */
function fromLineAfter(buf: Buffer, at: number): boolean {
  let i = at;
  for (let n = 0; n < 2 && (buf[i] === 0x0d || buf[i] === 0x0a); n++) {
    if (buf[i] === 0x0d) i++;
    if (buf[i] === 0x0a) i++;
  }
  if (buf[at - 1] !== 0x0a && i === at) return false;
  return buf.subarray(i, i + FROM.length).equals(FROM);
}

function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x20) return false;
  return true;
}
