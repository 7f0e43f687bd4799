import { eventVerb } from "@/lib/event-words";
import { formatDateTime } from "@/lib/format";
import type { EventView } from "@/lib/queries/events";

/** "<when> — <who> <did what>", newest first. Entry texts may quote imported data: rendered as text. */
export function HistoryList({ events, testId }: { events: EventView[]; testId?: string }) {
  return (
    <ul data-testid={testId}>
      {events.map((e) => (
        <li key={e.id}>
          {formatDateTime(e.at)} — <strong>{e.actor}</strong> {eventVerb(e.action)} {e.detail}
        </li>
      ))}
    </ul>
  );
}
