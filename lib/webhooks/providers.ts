/**
 * The platforms that can post events to Rebound, and what each needs to prove a request is its own.
 * Pure data, shared by the Settings page, the API and the receiving route.
 */
export const PROVIDERS = ["ses", "sendgrid", "mailgun", "postmark", "sparkpost", "brevo", "generic"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** signature: the platform signs with a key the admin pastes; basic: Rebound generates credentials; sns: SNS signs, topics are allowed. */
export type AuthKind = "sns" | "signature" | "basic";

export interface ProviderInfo {
  id: Provider;
  label: string;
  auth: AuthKind;
  /** Whether an optional bearer token may be used instead of Basic auth; "always" makes one for every source. */
  bearer: boolean | "always";
  /** Largest body accepted, in bytes: single events are small, SendGrid and SparkPost post batches. */
  maxBytes: number;
  /** What the admin pastes when connecting (signature providers). */
  keyLabel?: string;
  howTo: string[];
}

const MB = 1024 * 1024;

export const PROVIDER_INFO: Record<Provider, ProviderInfo> = {
  ses: {
    id: "ses",
    label: "Amazon SES (through SNS)",
    auth: "sns",
    bearer: false,
    // An SNS message is at most 256 KB; the envelope escapes it once more.
    maxBytes: 1 * MB,
    howTo: [
      "In SNS, create a topic and set it as the SES identity's (or configuration set's) bounce and complaint topic.",
      'Add an HTTPS subscription to the topic with the URL above. Leave "Enable raw message delivery" off: raw messages carry no signature, and Rebound refuses them.',
      "Add the topic's ARN here. Rebound checks each message's SNS signature and confirms the subscription itself, for allowed topics only.",
    ],
  },
  sendgrid: {
    id: "sendgrid",
    label: "SendGrid",
    auth: "signature",
    bearer: false,
    maxBytes: 5 * MB,
    keyLabel: "Verification key (Signed Event Webhook public key)",
    howTo: [
      "Settings → Mail Settings → Event Webhooks: create a webhook with the URL above, with the Bounced and Spam Reports events.",
      "Turn on Signed Event Webhook and copy its verification key here.",
    ],
  },
  mailgun: {
    id: "mailgun",
    label: "Mailgun",
    auth: "signature",
    bearer: false,
    maxBytes: 1 * MB,
    keyLabel: "HTTP webhook signing key",
    howTo: [
      "Sending → Webhooks: add the URL above for the Permanent Failure and Spam Complaints events.",
      "Copy the HTTP webhook signing key (Settings → API Security) here.",
    ],
  },
  postmark: {
    id: "postmark",
    label: "Postmark",
    auth: "basic",
    bearer: false,
    maxBytes: 1 * MB,
    howTo: [
      "Server → Message Stream → Webhooks → Add webhook: paste the URL above, check Bounce and Spam Complaint.",
      "Under Basic auth credentials, enter the user and password shown once when this source is created.",
    ],
  },
  sparkpost: {
    id: "sparkpost",
    label: "SparkPost",
    auth: "basic",
    bearer: true,
    maxBytes: 5 * MB,
    howTo: [
      "Configuration → Webhooks → New webhook: paste the URL above and pick the Bounce, Out of Band and Spam Complaint events.",
      "Authentication: Basic Auth with the user and password shown once here (or, through the API, a custom Authorization: Bearer header with the bearer token).",
    ],
  },
  brevo: {
    id: "brevo",
    label: "Brevo",
    auth: "basic",
    bearer: true,
    maxBytes: 1 * MB,
    howTo: [
      "Transactional → Settings → Webhook → Add a new webhook: paste the URL above, with Hard bounce, Soft bounce and Complaint.",
      "Enter the user and password shown once here as Basic authentication (or the bearer token as token authentication).",
    ],
  },
  generic: {
    id: "generic",
    label: "Generic (JSON lines or CSV)",
    auth: "basic",
    bearer: "always",
    maxBytes: 5 * MB,
    howTo: [
      "For scripts and platforms not listed: POST to the URL above with the header Authorization: Bearer and the token shown once here.",
      "The body is JSON lines (one object a line) or CSV with a header, with the fields email, status, diagnostic and occurred_at; each line is a bounce.",
      "A line posted again is kept once; one bad line refuses the whole body with 400, naming the line.",
    ],
  },
};

export function isProvider(value: unknown): value is Provider {
  return typeof value === "string" && (PROVIDERS as readonly string[]).includes(value);
}
