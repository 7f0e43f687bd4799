/**
 * Rules decided by codes alone: the enhanced status code (RFC 3463, plus the registered details
 * of RFC 5248's registry and Microsoft's well-known extensions) and, when there is no usable
 * status, the 3-digit SMTP reply code (RFC 5321). These decide when the text says nothing
 * specific; see index.ts for the order.
 */
import type { CategoryCode } from "../categories";

export interface CodeRuleDef {
  id: string;
  category: CategoryCode;
  description: string;
  example: string;
}

export const STATUS_RULES = {
  expired: {
    id: "status-expired",
    category: "message-expired",
    description: "x.4.7 delivery time expired: decides before any text, the retry period ran out.",
    example: "4.4.7 / smtp;421 4.7.0 [TSS04] Messages from 203.0.113.7 temporarily deferred",
  },
  mailbox: {
    id: "status-bad-mailbox",
    category: "bad-mailbox",
    description:
      "x.1.1 bad destination mailbox (also x.1.0 other address status, x.1.3 bad address syntax, x.1.4 ambiguous, x.1.6 mailbox moved, x.7.17 mailbox owner changed).",
    example: "5.1.1 / smtp;550 5.1.1 <someone@example.com>... Address rejected",
  },
  domain: {
    id: "status-bad-domain",
    category: "bad-domain",
    description: "x.1.2 bad destination system, x.1.10 null MX (RFC 7505), x.7.18 domain owner changed.",
    example: "5.1.2 / smtp;550 5.1.2 <someone@example.invalid>",
  },
  sender: {
    id: "status-sender",
    category: "policy-related",
    description: "x.1.7 / x.1.8 bad sender address or sender domain, x.7.27 sender has null MX: the receiver's rules about senders.",
    example: "5.1.8 / 553 5.1.8 <news@example.com>... Rejected",
  },
  disabled: {
    id: "status-mailbox-disabled",
    category: "inactive-mailbox",
    description: "x.2.1 mailbox disabled, not accepting messages.",
    example: "5.2.1 / 550 5.2.1 Mailbox unavailable",
  },
  full: {
    id: "status-mailbox-full",
    category: "quota-issues",
    description: "x.2.2 mailbox full, x.3.1 mail system full, and other mailbox-status details (Microsoft 5.2.121/5.2.122 receive limits).",
    example: "4.2.2 / 452 4.2.2 Try again later",
  },
  tooBig: {
    id: "status-message-too-big",
    category: "content-related",
    description: "x.2.3 message length exceeds limit, x.3.4 message too big for system, x.7.16 message too big for its priority.",
    example: "5.3.4 / 552 5.3.4 Error: message file too big",
  },
  config: {
    id: "status-system-config",
    category: "bad-configuration",
    description: "x.3.5 system incorrectly configured, x.3.2 system not accepting network messages.",
    example: "5.3.5 / 554 5.3.5 Local configuration error",
  },
  noAnswer: {
    id: "status-no-answer",
    category: "no-answer-from-host",
    description: "x.4.1 no answer from host, when the text does not say whether the connection failed or went silent.",
    example: "4.4.1 / 451 4.4.1 No answer from host",
  },
  badConnection: {
    id: "status-bad-connection",
    category: "bad-connection",
    description: "x.4.2 bad connection, when the text does not say whether the connection failed or went silent.",
    example: "4.4.2 / smtp;421 4.4.2 Bad connection",
  },
  routing: {
    id: "status-routing",
    category: "routing-errors",
    description: "x.4.3 directory (DNS) server failure, x.4.4 unable to route, x.4.6 routing loop.",
    example: "5.4.4 / smtp;550 5.4.4 Unable to deliver",
  },
  congestion: {
    id: "status-congestion",
    category: "policy-related",
    description: "x.4.5 mail system congestion: receivers use it to throttle senders (rate limits are policy).",
    example: "4.4.5 / 421 4.4.5 Try again later",
  },
  network: {
    id: "status-network-other",
    category: "bad-connection",
    description: "x.4.0 and unregistered x.4.x network statuses (e.g. Microsoft 4.4.316) when the text names nothing more specific.",
    example: "4.4.0 / 451 4.4.0 Primary target IP address responded with: 421 4.4.0 Unable to deliver",
  },
  protocol: {
    id: "status-protocol",
    category: "protocol-errors",
    description: "x.5.1–x.5.6 protocol statuses (invalid command, syntax error, too many recipients…), x.3.3 feature not supported.",
    example: "5.5.2 / 500 5.5.2 Error",
  },
  media: {
    id: "status-media",
    category: "content-related",
    description: "x.6.x message content or media errors.",
    example: "5.6.0 / 554 5.6.0 Message rejected",
  },
  policy: {
    id: "status-policy",
    category: "policy-related",
    description: "x.7.x security or policy status (x.7.1 delivery not authorised, x.7.0, Microsoft 5.7.5xx–7xx…), unless the text says spam, virus, relay…",
    example: "5.7.1 / smtp;550 5.7.1 Delivery not authorized, message refused",
  },
  authFailed: {
    id: "status-auth-failed",
    category: "spam-related",
    description: "x.7.20–x.7.24 and x.7.26 (DKIM/SPF/DMARC failures), x.7.28 mail flood, x.7.29 ARC failure: spam-related, like the texts.",
    example: "5.7.26 / 550 5.7.26 Rejected",
  },
} as const satisfies Record<string, CodeRuleDef>;

type StatusKey = keyof typeof STATUS_RULES;

/**
 * Which status rule a subject.detail pair belongs to; null when the status is vague (x.0.0,
 * x.2.0, x.3.0, x.5.0: "other or undefined") and the text or reply code should decide.
 */
export function statusRuleFor(subject: number, detail: number): StatusKey | null {
  switch (subject) {
    case 0:
      return null;
    case 1:
      if (detail === 2 || detail === 10) return "domain";
      if (detail === 7 || detail === 8) return "sender";
      if (detail === 9) return null; // "message relayed to non-compliant mailer": says nothing
      return "mailbox";
    case 2:
      if (detail === 0) return null;
      if (detail === 1) return "disabled";
      if (detail === 3) return "tooBig";
      if (detail === 4) return null; // mailing list expansion problem
      return "full";
    case 3:
      if (detail === 1) return "full";
      if (detail === 2 || detail === 5) return "config";
      if (detail === 3) return "protocol";
      if (detail === 4) return "tooBig";
      return null;
    case 4:
      if (detail === 1) return "noAnswer";
      if (detail === 2) return "badConnection";
      if (detail === 3 || detail === 4 || detail === 6) return "routing";
      if (detail === 5) return "congestion";
      if (detail === 7) return "expired";
      return "network";
    case 5:
      // Microsoft uses 5.5.0 with "mailbox unavailable" for unknown users: vague.
      return detail === 0 ? null : "protocol";
    case 6:
      return "media";
    case 7:
      if (detail === 16) return "tooBig";
      if (detail === 17) return "mailbox";
      if (detail === 18) return "domain";
      if (detail === 27) return "sender";
      if ((detail >= 20 && detail <= 24) || detail === 26 || detail === 28 || detail === 29) return "authFailed";
      return "policy";
    default:
      return null;
  }
}

export const REPLY_RULES = {
  r421: {
    id: "reply-421",
    category: "bad-connection",
    description: "Reply 421 (service not available, closing channel) with nothing more specific.",
    example: "421 Service not available, closing transmission channel",
  },
  storage: {
    id: "reply-storage",
    category: "quota-issues",
    description: "Reply 452 (insufficient storage) or 552 (exceeded storage allocation) with nothing more specific.",
    example: "552 Requested mail action aborted",
  },
  protocol: {
    id: "reply-protocol",
    category: "protocol-errors",
    description: "Replies 500–504 and 555: command or parameter errors.",
    example: "502 Error",
  },
  auth: {
    id: "reply-auth",
    category: "relaying-issues",
    description: "Replies 530, 535 and 538: the server only relays for authenticated clients.",
    example: "530 Must be logged in",
  },
  notAuthorized: {
    id: "reply-not-authorized",
    category: "policy-related",
    description: 'Non-standard reply 571 (Barracuda "delivery not authorized").',
    example: "571 Delivery not authorized",
  },
  mailbox: {
    id: "reply-mailbox",
    category: "bad-mailbox",
    description: "Reply 553 (mailbox name not allowed).",
    example: "553 Requested action not taken",
  },
  notLocal: {
    id: "reply-not-local",
    category: "relaying-issues",
    description: "Reply 551 (user not local: the server will not relay to another host).",
    example: "551 Requested action not taken",
  },
  domain: {
    id: "reply-domain",
    category: "bad-domain",
    description: "Replies 521 and 556 (RFC 7504: host/domain does not accept mail).",
    example: "556 Error",
  },
} as const satisfies Record<string, CodeRuleDef>;

type ReplyKey = keyof typeof REPLY_RULES;

export function replyRuleFor(code: number): ReplyKey | null {
  switch (code) {
    case 421:
      return "r421";
    case 452:
    case 552:
      return "storage";
    case 500:
    case 501:
    case 502:
    case 503:
    case 504:
    case 555:
      return "protocol";
    case 530:
    case 535:
    case 538:
      return "auth";
    case 571:
      return "notAuthorized";
    case 551:
      return "notLocal";
    case 553:
      return "mailbox";
    case 521:
    case 556:
      return "domain";
    default:
      return null;
  }
}

export const DEFAULT_RULE: CodeRuleDef = {
  id: "default-other",
  category: "other",
  description: "Nothing in the status, reply code or text identifies the reason.",
  example: "smtp;554 Transaction failed",
};
