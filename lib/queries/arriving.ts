import "server-only";
import { sqlite } from "../db/sqlite";
import { AppError } from "../errors";

/**
 * Subscribers created by an import that is not done yet (running, interrupted, or being undone) may
 * be taken back with it: nobody may change them until it is done, so nothing a person does is lost.
 * They are the ones from that import's firstSubscriberId on (ids only grow, one import at a time).
 */
const FIRST_ARRIVING_ID = `(SELECT min(firstSubscriberId) FROM Import WHERE status IN ('queued', 'processing', 'rolling_back') AND firstSubscriberId IS NOT NULL)`;

/** SQL condition on the Subscriber aliased `alias`: it is still arriving. (A SQL builder, not a query: synchronous.) */
export function arrivingSql(alias = "s"): string {
  return `${alias}.id >= coalesce(${FIRST_ARRIVING_ID}, 9007199254740991)`;
}

export class SubscriberArrivingError extends AppError {
  constructor() {
    super(409, "import-in-progress", "This subscriber came with an import that is still running (or being undone). It can be changed once the import is done.");
  }
}

function arriving(subscriberId: number): boolean {
  return (
    sqlite()
      .prepare(`SELECT ${arrivingSql("s")} FROM Subscriber s WHERE s.id = ?`)
      .pluck()
      .get(subscriberId) === 1
  );
}

export async function isArriving(subscriberId: number): Promise<boolean> {
  return arriving(subscriberId);
}

/** Throws SubscriberArrivingError for a subscriber nobody may change yet. Synchronous on purpose: it runs inside the caller's better-sqlite3 transaction. */
export function assertSettled(subscriberId: number): void {
  if (arriving(subscriberId)) throw new SubscriberArrivingError();
}
