/**
 * The JSON layouts Rebound reads, one reader per platform (see reader.ts). A webhook route takes the
 * reader of its provider by id; a file is read with the first reader that recognises its first value.
 */
import { brevoEvents } from "./brevo";
import { mailgunEvents } from "./mailgun";
import { postmarkEvents } from "./postmark";
import type { EventReader } from "./reader";
import { sendgridEvents } from "./sendgrid";
import { sesEvents } from "./ses";
import { sparkpostEvents } from "./sparkpost";

export type { EventReader } from "./reader";

export const EVENT_READERS: readonly EventReader[] = [sesEvents, postmarkEvents, mailgunEvents, sparkpostEvents, sendgridEvents, brevoEvents];

export function getEventReader(id: string): EventReader | undefined {
  return EVENT_READERS.find((r) => r.id === id);
}

/** The reader for a JSON file whose first value is this, or null. */
export function detectEventReader(value: unknown): EventReader | null {
  return EVENT_READERS.find((r) => r.recognise(value)) ?? null;
}
