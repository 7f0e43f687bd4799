/**
 * Tells a mailbox from the first bytes of a file, by content alone (a bounce email is as often
 * saved without an extension as with .eml): an mbox starts with a "From " line, a single message
 * with a block of mail header fields.
 */

export type MailKind = "mbox" | "message";

/** Header names every email has a few of, and no CSV header starts with. */
const MAIL_HEADERS = new Set([
  "from",
  "to",
  "cc",
  "date",
  "subject",
  "received",
  "return-path",
  "message-id",
  "mime-version",
  "content-type",
  "delivered-to",
  "reply-to",
  "sender",
  "x-failed-recipients",
  "auto-submitted",
  "dkim-signature",
  "arc-seal",
  "authentication-results",
  "x-mailer",
  "in-reply-to",
  "references",
  "content-transfer-encoding",
  "thread-topic",
  "x-original-to",
  "envelope-to",
  "x-ms-exchange-organization-scl",
  "precedence",
]);

const GZIP = [0x1f, 0x8b];
/** An OLE compound file (old Office documents, Outlook .msg) … */
const COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** … whose directory names Outlook's property streams (in UTF-16). */
const MSG_STREAM = Buffer.from("__substg1.0_", "utf16le");

export const OUTLOOK_MSG_REFUSAL =
  "This is an Outlook message (.msg), which Rebound does not read. Save the bounce emails as .eml (Outlook on the web, the new Outlook and Outlook for Mac: Save as / Download; classic Outlook: drag them into a folder you export as .mbox from another mail client), or upload your email platform's bounce export instead.";

/** True for an Outlook .msg file: a compound file whose first bytes list Outlook's property streams. */
export function isOutlookMsg(head: Uint8Array): boolean {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  return b.subarray(0, COMPOUND_FILE.length).equals(COMPOUND_FILE) && b.includes(MSG_STREAM);
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP[0] && head[1] === GZIP[1];
}

/** Where the text starts after blank lines and a UTF-8 BOM. */
function start(head: Uint8Array): number {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x20 || head[i] === 0x09)) i++;
  return i;
}

/** True when the text from `at` is a block of header fields with at least two that every email has. */
function headerBlock(text: string): boolean {
  const lines = text.split(/\r?\n/);
  let known = 0;
  let fields = 0;
  for (let i = 0; i < lines.length && i < 200; i++) {
    const line = lines[i];
    if (line === "") break;
    if (line[0] === " " || line[0] === "\t") {
      if (i === 0) return false;
      continue;
    }
    const m = /^([!-9;-~]+):/.exec(line);
    if (!m) return i > 0 && known >= 2 && i === lines.length - 1; // a cut last line of the sample
    fields++;
    if (MAIL_HEADERS.has(m[1].toLowerCase())) known++;
  }
  return fields > 0 && known >= 2;
}

/** The kind of mailbox these first bytes (decompressed) start, or null when they start none. */
export function sniffMail(head: Uint8Array): MailKind | null {
  const at = start(head);
  const text = Buffer.from(head.buffer, head.byteOffset + at, Math.min(head.byteLength - at, 64 * 1024)).toString("latin1");
  if (text.startsWith("From ")) {
    const nl = text.indexOf("\n");
    return nl !== -1 && headerBlock(text.slice(nl + 1)) ? "mbox" : null;
  }
  return headerBlock(text) ? "message" : null;
}
