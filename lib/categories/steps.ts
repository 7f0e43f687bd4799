/**
 * Checklist steps. Each is addressed to someone, and that decides how often it must be done
 * (who the step is addressed to): once per subscriber, once per recipient domain and
 * category, or once per import and category.
 */
export type StepScope = "subscriber" | "domain" | "import";

export type StepId =
  | "phone-subscriber"
  | "confirm-address"
  | "platform-validates"
  | "admin-confirms-fixed"
  | "contact-recipient-admin"
  | "contact-isp"
  | "check-campaign"
  | "contact-platform-support"
  | "resend-later"
  | "scan-attachments"
  | "link-attachment";

export interface StepDefinition {
  id: StepId;
  scope: StepScope;
  /** `{platform}` is replaced by the team's email platform name (Settings). */
  label: string;
  hint: string;
}

export const DEFAULT_PLATFORM_NAME = "your email platform";

export const STEPS: Record<StepId, StepDefinition> = {
  "phone-subscriber": {
    id: "phone-subscriber",
    scope: "subscriber",
    label: "Phone the subscriber so they involve their mail administrator",
    hint: "Explain that our emails bounce and ask them to pass the problem to whoever runs their email.",
  },
  "confirm-address": {
    id: "confirm-address",
    scope: "subscriber",
    label: "Confirm with the subscriber that the address is correct",
    hint: "A typo or an old address is the most common cause. Correct the address if it changed.",
  },
  "platform-validates": {
    id: "platform-validates",
    scope: "subscriber",
    label: "Ask {platform}'s technical staff to validate the address again",
    hint: "Once the problem is fixed, the platform must re-enable the address before it sends to it again.",
  },
  "admin-confirms-fixed": {
    id: "admin-confirms-fixed",
    scope: "domain",
    label: "Administrator confirms the problem is solved",
    hint: "One confirmation covers every subscriber of this domain in this category.",
  },
  "contact-recipient-admin": {
    id: "contact-recipient-admin",
    scope: "domain",
    label: "Contact the recipient server's administrator",
    hint: "Share the server's reply (shown on each subscriber's page) and ask what they need from us.",
  },
  "contact-isp": {
    id: "contact-isp",
    scope: "domain",
    label: "Contact the recipient's internet service provider",
    hint: "The failure may be on an intermediate server between us and the recipient.",
  },
  "check-campaign": {
    id: "check-campaign",
    scope: "import",
    label: "Check the campaign against the sending requirements",
    hint: "Sender authentication (SPF, DKIM, DMARC), unsubscribe link, content and links, list consent.",
  },
  "contact-platform-support": {
    id: "contact-platform-support",
    scope: "import",
    label: "Contact {platform}'s customer service",
    hint: "Ask what can be done about this campaign's rejections; send them the server replies.",
  },
  "resend-later": {
    id: "resend-later",
    scope: "import",
    label: "Resend when the sending queue is less busy",
    hint: "The message gave up after repeated tries; sending again later usually works.",
  },
  "scan-attachments": {
    id: "scan-attachments",
    scope: "import",
    label: "Scan the attachments with an antivirus",
    hint: "Office files and archives are often blocked as potentially dangerous.",
  },
  "link-attachment": {
    id: "link-attachment",
    scope: "import",
    label: "Replace the attachment with a download link",
    hint: "Upload the file (compressed if large) and link to it from the email instead.",
  },
};

export function stepLabel(step: StepId, platformName: string = DEFAULT_PLATFORM_NAME): string {
  return STEPS[step].label.replaceAll("{platform}", platformName);
}
