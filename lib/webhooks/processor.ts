/**
 * Turns stored bounce events into bounces through the same pipeline as an upload: the events of a
 * source received on one UTC day that are not processed yet become one JSON file in the provider's
 * own layout, imported with importFile and named by source and day ("SendGrid webhook — 2026-12-07"),
 * and are then marked processed. The pipeline cannot append to a finished import (its rollback and
 * tallies are per file), so a day with several passes has several imports of that name. Runs a few seconds after a request brings new
 * bounces (so a burst becomes one import), and once at start for what a restart left waiting.
 *
 * The file is queued before the events are marked: if the server stops in between they are imported
 * again, and the import's dedupe adds nothing twice.
 */
import { importFile } from "../ingest";
import { sqlite, writeTransaction } from "../db/sqlite";
import { batchFile } from "./events";
import { genericBatchFile } from "./generic";
import { PROVIDER_INFO, isProvider } from "./providers";
import { pruneDeliveries } from "./store";

/** Events per import file: a few MB at most. */
const BATCH_EVENTS = 5000;
const DELAY_MS = 3000;
const RETRY_MS = 60_000;
const DAY_MS = 86_400_000;

/** "SendGrid webhook — 2026-12-07": the source's platform and the UTC day its bounces arrived. */
const importName = (label: string, day: number) => `${label} webhook — ${new Date(day).toISOString().slice(0, 10)}`;

interface ProcessorState {
  timer: NodeJS.Timeout | null;
  running: Promise<string[]> | null;
  again: boolean;
}

const state: ProcessorState = ((globalThis as unknown as { reboundWebhookProcessor?: ProcessorState }).reboundWebhookProcessor ??= {
  timer: null,
  running: null,
  again: false,
});

/** Processes waiting events in a few seconds, unless that is already planned. */
export function scheduleProcessing(delayMs = DELAY_MS): void {
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    processPendingEvents().catch((error) => {
      // The database busy, the disk full…: the events stay waiting, and are tried again in a while.
      console.error("Webhook events could not be imported yet; trying again in a minute.", error);
      scheduleProcessing(RETRY_MS);
    });
  }, delayMs);
  state.timer.unref();
}

/** Imports every waiting bounce event, one file per source and batch. Resolves with the imports' ids. */
export async function processPendingEvents(): Promise<string[]> {
  if (state.running) {
    // Events may have arrived after the running pass read its batch: one more pass after it.
    state.again = true;
    return state.running;
  }
  state.running = (async () => {
    const ids: string[] = [];
    try {
      do {
        state.again = false;
        for (;;) {
          const id = await importOneBatch();
          if (!id) break;
          ids.push(id);
        }
      } while (state.again);
      await pruneDeliveries();
    } finally {
      state.running = null;
    }
    return ids;
  })();
  return state.running;
}

async function importOneBatch(): Promise<string | null> {
  const db = sqlite();
  const next = db
    .prepare(
      "SELECT e.sourceId AS sourceId, e.receivedAt AS receivedAt, s.provider AS provider, s.name AS name FROM WebhookEvent e JOIN WebhookSource s ON s.id = e.sourceId WHERE e.processedAt IS NULL AND e.kind = 'bounce' ORDER BY e.id LIMIT 1",
    )
    .get() as { sourceId: string; receivedAt: number; provider: string; name: string } | undefined;
  if (!next || !isProvider(next.provider)) return null;
  // One import never spans two UTC days, so campaign-scoped tasks and the imports list read per day.
  const day = Math.floor(next.receivedAt / DAY_MS) * DAY_MS;
  const events = db
    .prepare(
      "SELECT id, payload FROM WebhookEvent WHERE sourceId = ? AND processedAt IS NULL AND kind = 'bounce' AND receivedAt >= ? AND receivedAt < ? ORDER BY id LIMIT ?",
    )
    .all(next.sourceId, day, day + DAY_MS, BATCH_EVENTS) as { id: number; payload: string }[];
  const label = PROVIDER_INFO[next.provider].label.replace(/ \(.*\)$/, "");
  const importId = await importFile({
    fileName: importName(label, day),
    body: (next.provider === "generic" ? genericBatchFile : batchFile)(events.map((e) => e.payload)),
    createdBy: `webhook: ${next.name}`,
  });
  await writeTransaction(db, () => {
    const mark = db.prepare("UPDATE WebhookEvent SET processedAt = ?, importId = ? WHERE id = ?");
    const now = Date.now();
    for (const e of events) mark.run(now, importId, e.id);
  });
  return importId;
}
