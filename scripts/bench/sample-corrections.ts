/**
 * Corrections for benchmarks: the key of one reply the file has, and others as a team would make
 * them, each with words of its own (the import's prefilter looks for each key's longest word).
 */
import { replyKey } from "../../lib/classify/reply-key";
import type { CorrectionEntries } from "../../lib/corrections/verdicts";

const OTHER_REPLIES = [
  "550 5.7.1 <x@y.example>: Recipient address rejected: quarantined by the administrator",
  "554 5.7.1 Message refused: sender reputation too low for this tenant",
  "550 5.2.1 Mailbox suspended for nonpayment",
  "451 4.7.1 Greylisted, please retry in 300 seconds",
  "550 5.7.0 Blocked by the recipient's firewall appliance",
  "421 4.7.0 Throttled: too many connections from 192.0.2.1",
  "550 5.1.1 Destinatario inexistente en este servidor",
  "552 5.3.4 Message size exceeds fixed maximum message size",
  "554 5.7.9 Message not accepted for policy reasons",
  "550 5.4.1 Recipient address rejected: access denied by tenant configuration",
  "553 5.1.3 Sender address malformed according to local requirements",
  "550 5.7.606 Access denied, banned sending IP [192.0.2.7]",
  "421 4.4.5 Server busy, try again later",
  "550 5.7.350 Remote server returned message detected as spam",
  "554 5.6.0 Corrupt message content detected",
  "550 5.1.0 Address rejected: unverifiable sender domain",
  "452 4.5.3 Too many recipients in this transaction",
  "550 5.7.25 Reverse DNS lookup failed for the sending host",
  "554 5.2.0 Storage quota exceeded permanently for this organisation",
];

/** `n` corrections: `key` (a reply the file has), then others no row has. */
export function sampleCorrections(key: string, n: number): CorrectionEntries {
  return Array.from({ length: n }, (_, i) => [
    i === 0 ? key : replyKey(OTHER_REPLIES[(i - 1) % OTHER_REPLIES.length]) + (i > OTHER_REPLIES.length ? ` ${i}` : ""),
    `team-${i + 1}`,
    "inactive-mailbox",
  ]);
}
