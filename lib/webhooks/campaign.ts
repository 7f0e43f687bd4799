/**
 * The campaign a bounce event names, when its platform sends a campaign id of its own: webhook
 * bounces go to one rolling import per source, UTC day and campaign, so that a campaign's steps
 * (ticked once per import) are about one campaign.
 *
 * Read: SendGrid `marketing_campaign_id` (Marketing Campaigns; `singlesend_id` for Single Sends),
 * SparkPost `campaign_id`, Brevo `camp_id` (its marketing webhooks). Not read: SendGrid `category`,
 * Mailgun `tags`, SES `mail.tags`, Postmark `Tag`, Brevo `tag(s)`: free labels, several per message
 * or used for anything (a template, a stream), that would split one send over many imports; and
 * Mailgun's `campaigns`, a retired feature. The generic endpoint carries none.
 */
import type { Provider } from "./providers";

export interface Campaign {
  /** As the platform names it, at most 100 characters: part of the rolling import's key. */
  id: string;
  /** For the import's name: the campaign's name when the event gives one, else its id. */
  name: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : typeof v === "number" && Number.isFinite(v) ? String(v) : null;

function campaign(id: string | null, name: string | null): Campaign | null {
  if (id === null) return null;
  return { id: id.slice(0, 100), name: (name ?? id).slice(0, 100) };
}

/** Providers whose events may name a campaign: the others' payloads need not be read. */
export const CAMPAIGN_PROVIDERS: ReadonlySet<Provider> = new Set(["sendgrid", "sparkpost", "brevo"]);

/** The campaign of one stored bounce event (its payload as lib/webhooks/events.ts keeps it), or null. */
export function campaignOf(provider: Provider, payload: unknown): Campaign | null {
  if (!isObject(payload)) return null;
  switch (provider) {
    case "sendgrid": {
      const marketing = text(payload.marketing_campaign_id);
      if (marketing !== null) return campaign(marketing, text(payload.marketing_campaign_name));
      return campaign(text(payload.singlesend_id), text(payload.singlesend_name));
    }
    case "sparkpost": {
      // Kept as the webhook's entry: one event under a key naming its family.
      const e = isObject(payload.msys) ? Object.values(payload.msys).find(isObject) : payload;
      return e ? campaign(text(e.campaign_id), null) : null;
    }
    case "brevo":
      return campaign(text(payload.camp_id), text(payload["campaign name"]));
    default:
      return null;
  }
}
