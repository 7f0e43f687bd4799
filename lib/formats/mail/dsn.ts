/**
 * Reads the body of a message/delivery-status part (RFC 3464): one block of per-message fields,
 * then one block per recipient, blocks separated by blank lines. Also reads message/feedback-report
 * (RFC 5965), which has the same field syntax in a single block.
 *
 * Field names are case-insensitive, values may be folded over several lines, and typed values carry
 * their type before a semicolon ("rfc822; user@example.com", "smtp; 550 5.1.1 …"): the type is
 * dropped here, the value kept as written.
 */

/** Lower-cased field name → value (unfolded, type prefix removed). The first of a repeated field wins. */
export type DsnFields = Map<string, string>;

export interface DeliveryStatus {
  message: DsnFields;
  recipients: DsnFields[];
}

/** Longest field value kept: a diagnostic is a few hundred characters, never megabytes. */
const MAX_FIELD = 8 * 1024;
/** Recipients read from one report: a report on more is hostile or broken. */
const MAX_RECIPIENTS = 1000;

/** Splits text into blocks of unfolded "Name: value" fields. */
export function readFieldBlocks(text: string, maxBlocks = MAX_RECIPIENTS + 1): DsnFields[] {
  const blocks: DsnFields[] = [];
  let block: DsnFields | null = null;
  let name: string | null = null;
  let value = "";
  const flush = () => {
    if (block && name !== null && !block.has(name)) block.set(name, value.trim().slice(0, MAX_FIELD));
    name = null;
    value = "";
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") {
      flush();
      if (block && block.size > 0) blocks.push(block);
      block = null;
      if (blocks.length >= maxBlocks) break;
      continue;
    }
    if ((line[0] === " " || line[0] === "\t") && name !== null) {
      // A folded line continues the field before it.
      if (value.length < MAX_FIELD) value += " " + line.trim();
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0 || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(line.slice(0, colon).trim())) continue;
    flush();
    block ??= new Map();
    name = line.slice(0, colon).trim().toLowerCase();
    value = line.slice(colon + 1);
  }
  flush();
  if (block && block.size > 0 && blocks.length < maxBlocks) blocks.push(block);
  return blocks;
}

/**
 * "rfc822; user@example.com" → "user@example.com"; a value without a known type is kept whole. A
 * "utf-8;" address (RFC 6533) in a plain delivery-status part writes its non-ASCII characters as
 * "\\x{E9}": they are decoded here.
 */
export function dropType(value: string): string {
  const m = /^\s*(rfc822|smtp|lmtp|x-unix|x-postfix|x-local|dns|x-exim|utf-8|x-qmail|x-[a-z0-9-]+)\s*;\s*/i.exec(value);
  if (!m) return value.trim();
  const rest = value.slice(m[0].length).trim();
  return m[1].toLowerCase() === "utf-8" && rest.includes("\\x{") ? rest.replace(/\\x\{([0-9A-Fa-f]{1,6})\}/g, (_, hex) => codePoint(hex)) : rest;
}

function codePoint(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return n <= 0x10ffff ? String.fromCodePoint(n) : "\ufffd";
}

/**
 * The per-message block and the per-recipient blocks of a delivery-status body. Some MTAs write
 * no blank line between the per-message fields and the first recipient: a block holding both is
 * split at its Final-Recipient / Original-Recipient.
 */
export function readDeliveryStatus(text: string): DeliveryStatus {
  const blocks = readFieldBlocks(text);
  let message: DsnFields = new Map();
  const recipients: DsnFields[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const isRecipient = b.has("final-recipient") || b.has("original-recipient");
    if (i === 0 && !isRecipient) message = b;
    else if (isRecipient) recipients.push(b);
    else if (i === 0) message = b;
  }
  return { message, recipients };
}

/** A field's value without its type, or null when absent or empty. */
export function field(fields: DsnFields, name: string): string | null {
  const v = fields.get(name);
  if (v === undefined) return null;
  const t = dropType(v);
  return t.length > 0 ? t : null;
}

/** Characters an address may hold here (no spaces, brackets, quotes or separators). */
function addressChar(c: number): boolean {
  return (
    c > 32 &&
    c !== 60 &&
    c !== 62 &&
    c !== 40 &&
    c !== 41 &&
    c !== 34 &&
    c !== 39 &&
    c !== 44 &&
    c !== 59 &&
    c !== 58 &&
    c !== 64 &&
    c !== 91 &&
    c !== 93 &&
    c !== 0x3000 &&
    c !== 0xff1a
  );
}

/**
 * The first address in a text ("<user@example.com>", "user@example.com (comment).") or null. Found
 * from each "@" outwards, in one pass: a regex scanning for one backtracks badly on hostile text.
 */
export function bareAddress(value: string | null): string | null {
  if (!value) return null;
  for (let at = value.indexOf("@"); at !== -1; at = value.indexOf("@", at + 1)) {
    let start = at;
    // An apostrophe inside a local part ("o'brien@…") is the address's; one before it is a quote.
    while (
      start > 0 &&
      (addressChar(value.charCodeAt(start - 1)) || (value.charCodeAt(start - 1) === 39 && start > 1 && addressChar(value.charCodeAt(start - 2))))
    )
      start--;
    let end = at + 1;
    while (end < value.length && addressChar(value.charCodeAt(end))) end++;
    while (end > at + 1 && value.charCodeAt(end - 1) === 46) end--; // a sentence's full stop
    if (start < at && end > at + 1 && value.slice(at + 1, end).includes(".")) return value.slice(start, end);
  }
  return null;
}
