/**
 * The 16 bounce categories (PowerMTA's `bounceCat` values, as used by Mailrelay), with texts for a
 * marketing reader. Meaning follows Mailrelay's bounce table (mailrelay-bounce-table.txt beside this file); it speaks of Mailrelay,
 * Rebound speaks of "your email platform" (the name is a setting).
 */
import type { StepId } from "./steps";

export type CategoryGroup = "address" | "recipient" | "sender" | "other";

export const CATEGORY_CODES = [
  "bad-configuration",
  "bad-connection",
  "bad-domain",
  "bad-mailbox",
  "content-related",
  "inactive-mailbox",
  "message-expired",
  "no-answer-from-host",
  "other",
  "policy-related",
  "protocol-errors",
  "quota-issues",
  "relaying-issues",
  "routing-errors",
  "spam-related",
  "virus-related",
] as const;

export type CategoryCode = (typeof CATEGORY_CODES)[number];

export interface Category {
  code: CategoryCode;
  label: string;
  group: CategoryGroup;
  /** Why these bounces happen, in plain words. */
  explanation: string;
  /** What to do about it, in plain words. */
  actions: string;
  steps: StepId[];
}

export const GROUPS: { id: CategoryGroup; label: string; description: string }[] = [
  {
    id: "address",
    label: "The address itself",
    description: "Hard bounces: the mailbox or domain does not exist or was closed.",
  },
  {
    id: "recipient",
    label: "The recipient's side",
    description: "Problems on the receiving server, often temporary.",
  },
  {
    id: "sender",
    label: "Our side",
    description: "The campaign or our sending reputation was refused.",
  },
  { id: "other", label: "Other", description: "Reasons the receiving server did not explain." },
];

const SUBSCRIBER_ADMIN_PLATFORM: StepId[] = ["phone-subscriber", "admin-confirms-fixed", "platform-validates"];
const ADMIN_AND_ISP: StepId[] = ["contact-recipient-admin", "contact-isp"];
const CAMPAIGN_ADMIN_SUPPORT: StepId[] = ["check-campaign", "contact-recipient-admin", "contact-platform-support"];
const ADMIN_ONLY: StepId[] = ["contact-recipient-admin"];

export const CATEGORIES: readonly Category[] = [
  {
    code: "bad-mailbox",
    label: "Mailbox does not exist",
    group: "address",
    explanation:
      "The receiving server says this address is wrong, invalid or does not exist: the account was not found. Often a typo, or someone who left the company.",
    actions:
      "Phone the subscriber so they can talk to their mail administrator. When the administrator says it is fixed, ask your email platform's technical staff to validate the address again.",
    steps: SUBSCRIBER_ADMIN_PLATFORM,
  },
  {
    code: "bad-domain",
    label: "Domain does not exist",
    group: "address",
    explanation:
      "The part after the @ is invalid or does not exist, so there is nowhere to deliver to. Check that the address was typed correctly (gmial.com instead of gmail.com is a classic).",
    actions:
      "Phone the subscriber so they can talk to their mail administrator. When the administrator says it is fixed, ask your email platform's technical staff to validate the address again.",
    steps: SUBSCRIBER_ADMIN_PLATFORM,
  },
  {
    code: "inactive-mailbox",
    label: "Inactive or disabled mailbox",
    group: "address",
    explanation: "The account exists but has expired, is inactive or was disabled by its provider or company.",
    actions:
      "Confirm with the subscriber that the address is still the right one, and phone them so they can talk to their mail administrator. When the administrator says it is fixed, ask your email platform's technical staff to validate the address again.",
    steps: ["confirm-address", ...SUBSCRIBER_ADMIN_PLATFORM],
  },
  {
    code: "quota-issues",
    label: "Mailbox full or over quota",
    group: "recipient",
    explanation: "The recipient's mailbox is full or has received more messages than its limit allows, so the server refuses new ones.",
    actions:
      "Phone the subscriber so they can free space or talk to their mail administrator. When it is fixed, ask your email platform's technical staff to validate the address again.",
    steps: SUBSCRIBER_ADMIN_PLATFORM,
  },
  {
    code: "no-answer-from-host",
    label: "Server did not answer",
    group: "recipient",
    explanation: "We reached the recipient's server but it never answered. This usually points to a problem in that server's configuration.",
    actions: "Contact the administrator of the recipient's server and ask how to solve it.",
    steps: ADMIN_ONLY,
  },
  {
    code: "bad-connection",
    label: "Connection problems",
    group: "recipient",
    explanation:
      "The connection to the recipient's domain failed somewhere on the way. The fault may be on an intermediate server that receives and forwards the message, not on the recipient's own server.",
    actions:
      "Explain the problem to the administrator of the recipient's server, and also to their internet service provider, so they can find where the connection fails.",
    steps: ADMIN_AND_ISP,
  },
  {
    code: "routing-errors",
    label: "Routing errors",
    group: "recipient",
    explanation: "The message could not find its way to the recipient's domain because an intermediate server failed to pass it on.",
    actions:
      "Explain the problem to the administrator of the recipient's server, and also to their internet service provider, so they can find the failing hop.",
    steps: ADMIN_AND_ISP,
  },
  {
    code: "relaying-issues",
    label: "Relaying refused",
    group: "recipient",
    explanation:
      "The recipient's server refused to take or pass on the message because of its own internal rules; for example, some servers refuse mail that claims to come from a domain but is sent from another server.",
    actions: "Contact the recipient's mail administrator to find out which rule refuses the message.",
    steps: ADMIN_ONLY,
  },
  {
    code: "bad-configuration",
    label: "Recipient server misconfigured",
    group: "recipient",
    explanation: "The recipient's server has an error in its settings and is not accepting new messages. The problem is on their side.",
    actions:
      "Phone the subscriber so they can talk to their mail administrator. When the administrator says it is fixed, ask your email platform's technical staff to validate the address again.",
    steps: SUBSCRIBER_ADMIN_PLATFORM,
  },
  {
    code: "protocol-errors",
    label: "Protocol errors",
    group: "recipient",
    explanation:
      "The recipient's server reported a syntax error in the conversation between mail servers. Your email platform speaks the protocol correctly, so the receiving server is most likely misreading it.",
    actions: "Contact the recipient's mail administrator to solve it.",
    steps: ADMIN_ONLY,
  },
  {
    code: "message-expired",
    label: "Message expired",
    group: "recipient",
    explanation: "Delivery kept failing temporarily and the message ran out of time before it could be delivered.",
    actions: "Send the message again later, when the sending queue is less busy.",
    steps: ["resend-later"],
  },
  {
    code: "spam-related",
    label: "Blocked as spam",
    group: "sender",
    explanation: "The recipient's spam filter blocked the message: the sending domain's set-up, the content, or spam complaints made it look like spam.",
    actions:
      "Check that the campaign meets the sending requirements. Ask the recipient's mail administrator what triggered the block, and contact your email platform's customer service to see what can be done.",
    steps: CAMPAIGN_ADMIN_SUPPORT,
  },
  {
    code: "content-related",
    label: "Refused for its content",
    group: "sender",
    explanation: "The message was refused because of what it contains: it looked like spam, or the sender appears on a block list.",
    actions:
      "Check that the campaign meets the sending requirements. Ask the recipient's mail administrator about the problem, and contact your email platform's customer service to see what can be done.",
    steps: CAMPAIGN_ADMIN_SUPPORT,
  },
  {
    code: "policy-related",
    label: "Refused by policy",
    group: "sender",
    explanation: "The recipient's server refused or blocked the message because of its own policy, most often its spam policy.",
    actions:
      "Review the email against the sending requirements. Ask the recipient's mail administrator for details, and contact your email platform's customer service to see what can be done.",
    steps: CAMPAIGN_ADMIN_SUPPORT,
  },
  {
    code: "virus-related",
    label: "Blocked as a virus risk",
    group: "sender",
    explanation:
      "The message was blocked as infected or potentially dangerous. Attachments such as Word or Excel files are often treated as a threat. This can be serious.",
    actions:
      "Scan the attached files with a good antivirus. If the server still rejects them as dangerous, compress the file, upload it to a server and put a download link in the email instead.",
    steps: ["scan-attachments", "link-attachment"],
  },
  {
    code: "other",
    label: "Other reasons",
    group: "other",
    explanation: "The message was rejected for a reason the receiving server did not make clear.",
    actions: "Contact the administrator of the recipient's server and ask how to solve the problem.",
    steps: ADMIN_ONLY,
  },
];

const BY_CODE = new Map<string, Category>(CATEGORIES.map((c) => [c.code, c]));

export function isCategoryCode(value: string): value is CategoryCode {
  return BY_CODE.has(value);
}

export function getCategory(code: string): Category | undefined {
  return BY_CODE.get(code);
}
