/** All known layouts, and the choice of the best one for a header. */
import { brevo } from "./brevo";
import type { BounceFormat } from "./format";
import { generic } from "./generic";
import { mailchimp } from "./mailchimp";
import { mailgun } from "./mailgun";
import { postmark } from "./postmark";
import { powermta } from "./powermta";
import { sendgrid } from "./sendgrid";
import { ses } from "./ses";
import { sparkpost, sparkpostSuppressions } from "./sparkpost";

/** On equal scores the earlier format wins, so generic stays last. */
export const FORMATS: readonly BounceFormat[] = [powermta, ses, mailchimp, postmark, sparkpost, sparkpostSuppressions, mailgun, sendgrid, brevo, generic];

export function getFormat(id: string): BounceFormat | undefined {
  return FORMATS.find((f) => f.id === id);
}

/** The most confident format for this header, or null when none recognises it. */
export function detectFormat(header: string[]): { format: BounceFormat; score: number } | null {
  let best: { format: BounceFormat; score: number } | null = null;
  for (const format of FORMATS) {
    const score = format.detect(header);
    if (score > 0 && (!best || score > best.score)) best = { format, score };
  }
  return best;
}

/** A format id's name for people ("mapped": columns the team chose). */
export function formatLabel(id: string): string {
  if (id === "mapped") return "Columns chosen by hand";
  if (id === "mail") return "Bounce emails";
  return getFormat(id)?.label ?? id;
}
