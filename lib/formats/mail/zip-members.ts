/**
 * Zips of bounce emails (a Maildir's cur/ and new/ folders, a folder of .eml files): ../archive.ts
 * writes their messages one after the other into a single mbox, each behind a "From " line naming
 * its file, and that mbox is imported like any other.
 */
import { sniffMail, type MailKind } from "./detect";

export { isOutlookMsg } from "./detect";
import { MEMBER_SEPARATOR } from "./open-mail";

/** Names that may hold a message: .eml/.mbox files and anything in a Maildir's cur/ or new/. */
export function mayBeMail(name: string): boolean {
  return /\.(eml|msg|mbox|mbx|mail)$/i.test(name) || /(^|\/)(cur|new)\/[^/]+$/.test(name) || !/\.[^/]*$/.test(name);
}

/** What a member's first bytes are, as mail. */
export function mailKindOf(head: Buffer): MailKind | null {
  return sniffMail(head);
}

/** A lone message as an mbox entry: its "From " line, then the message with its own "From " lines quoted. */
export function mboxEntry(name: string, message: Buffer): Buffer {
  const quoted = message.toString("latin1").replace(/^(>*From )/gm, ">$1");
  const ending = quoted.endsWith("\n") ? "\n" : "\n\n";
  return Buffer.from(`${MEMBER_SEPARATOR}${encodeURIComponent(name)}\n${quoted}${ending}`, "latin1");
}
