/**
 * Splits an mbox into messages as its bytes arrive, never holding more than one message (and at
 * most MAX_MESSAGE_BYTES of it): a message starts after each line that begins with "From ". A
 * message longer than the cap keeps its beginning (where a bounce's report is) and is marked cut.
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
/** Longest separator line kept (the rest of a longer one is skipped). */
const MAX_SEPARATOR = 1024;

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
      if (buf.subarray(pos, pos + 5).toString("latin1") === "From ") this.separator = [];
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
      if (i === -1) {
        // The last bytes may start a separator that the next chunk completes.
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
    if (this.carry.length > 0) this.add(this.carry);
    this.carry = Buffer.alloc(0);
    this.finish();
  }

  private add(piece: Buffer): void {
    if (piece.length === 0) return;
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
    // The blank line that ends an mbox message is the mbox's, not the message's.
    if (!isBlank(bytes)) this.emit({ bytes, separator, cut });
  }
}

function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x20) return false;
  return true;
}
