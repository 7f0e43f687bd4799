/**
 * Turns stored bounce events into bounces through the same pipeline as an upload. The waiting events
 * of a source, UTC day and campaign (lib/webhooks/campaign.ts: for platforms that send a campaign id)
 * become one JSON file in the provider's own layout, appended as a pass to that day's rolling import
 * ("SendGrid webhook — 2026-12-07", lib/ingest appendFile): the first pass creates it, later passes
 * add their bounces and counts to it. Runs a few seconds after a request brings new bounces (so a
 * burst becomes one pass), and once at start for what a restart left waiting.
 *
 * An event is processed once its pass is merged, never before: the events are tied to the pass
 * (importId) before the queue may start it, and each pass of the processor first settles the passes
 * that ended: a merged pass's events are processed, a failed one's wait again (to be retried in a
 * minute) while the earlier passes stay. A crash anywhere leaves each event either in a merged pass
 * or waiting, never both.
 */
import { appendFile, importSettled } from "../ingest";
import { sqlite, writeTransaction } from "../db/sqlite";
import { CAMPAIGN_PROVIDERS, campaignOf, type Campaign } from "./campaign";
import { batchFile } from "./events";
import { genericBatchFile } from "./generic";
import { PROVIDER_INFO, isProvider, type Provider } from "./providers";
import { pruneDeliveries } from "./store";

/** Events per import file: a few MB at most. */
const BATCH_EVENTS = 5000;
const DELAY_MS = 3000;
const RETRY_MS = 60_000;
const DAY_MS = 86_400_000;

/** Waiting events read at once to gather one campaign's (the others wait for the next pass). */
const SCAN_EVENTS = 4 * BATCH_EVENTS;

/** "SendGrid webhook — 2026-12-07", and " — <campaign>" when the platform named one. */
const importName = (label: string, day: number, campaign: Campaign | null) =>
  `${label} webhook — ${new Date(day).toISOString().slice(0, 10)}${campaign ? ` — ${campaign.name}` : ""}`;

/** One rolling import per source, UTC day and campaign. */
const rollingKey = (sourceId: string, day: number, campaign: Campaign | null) =>
  `webhook:${sourceId}:${new Date(day).toISOString().slice(0, 10)}${campaign ? `:campaign:${campaign.id}` : ""}`;

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

/**
 * Imports every waiting bounce event, one pass per source, day, campaign and batch. Resolves with
 * the rolling imports' ids; rejects when a pass failed (its events wait again, the passes before it stay).
 */
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
          if (!ids.includes(id)) ids.push(id);
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

/**
 * Events of passes that ended: those of a merged pass are processed (and point at the rolling
 * import), those of a failed one wait again. One transaction, so an event is never in both states.
 */
async function settlePasses(): Promise<void> {
  const db = sqlite();
  await writeTransaction(db, () => {
    db.prepare(
      `UPDATE WebhookEvent SET processedAt = ?,
         importId = (SELECT r.id FROM Import p JOIN Import r ON r.rollingKey = p.appendTo WHERE p.id = WebhookEvent.importId)
       WHERE processedAt IS NULL AND importId IS NOT NULL AND (SELECT status FROM Import WHERE id = WebhookEvent.importId) = 'merged'`,
    ).run(Date.now());
    // Looked up per waiting event (few), not per pass ever merged (one every few seconds, kept).
    db.prepare(
      `UPDATE WebhookEvent SET importId = NULL
       WHERE processedAt IS NULL AND importId IS NOT NULL AND (SELECT status FROM Import WHERE id = WebhookEvent.importId) IN ('failed', 'needs_mapping')`,
    ).run();
  });
}

interface Waiting {
  id: number;
  payload: string;
  receivedAt: number;
}

/** The next waiting events of one source, day and campaign, oldest first. */
function nextBatch(): { sourceId: string; name: string; provider: Provider; day: number; campaign: Campaign | null; events: Waiting[] } | null {
  const db = sqlite();
  const next = db
    .prepare(
      `SELECT e.sourceId AS sourceId, e.receivedAt AS receivedAt, s.provider AS provider, s.name AS name FROM WebhookEvent e JOIN WebhookSource s ON s.id = e.sourceId
       WHERE e.processedAt IS NULL AND e.importId IS NULL AND e.kind = 'bounce' ORDER BY e.id LIMIT 1`,
    )
    .get() as { sourceId: string; receivedAt: number; provider: string; name: string } | undefined;
  if (!next || !isProvider(next.provider)) return null;
  const provider = next.provider;
  // One import never spans two UTC days, so campaign-scoped tasks and the imports list read per day.
  const day = Math.floor(next.receivedAt / DAY_MS) * DAY_MS;
  const waiting = db
    .prepare(
      `SELECT id, payload, receivedAt FROM WebhookEvent WHERE sourceId = ? AND processedAt IS NULL AND importId IS NULL AND kind = 'bounce'
       AND receivedAt >= ? AND receivedAt < ? ORDER BY id LIMIT ?`,
    )
    .all(next.sourceId, day, day + DAY_MS, CAMPAIGN_PROVIDERS.has(provider) ? SCAN_EVENTS : BATCH_EVENTS) as Waiting[];
  if (!CAMPAIGN_PROVIDERS.has(provider)) return { sourceId: next.sourceId, name: next.name, provider, day, campaign: null, events: waiting };
  const of = (e: Waiting) => campaignOf(provider, JSON.parse(e.payload));
  const campaign = of(waiting[0]);
  const events = waiting.filter((e) => of(e)?.id === campaign?.id).slice(0, BATCH_EVENTS);
  return { sourceId: next.sourceId, name: next.name, provider, day, campaign, events };
}

/** Appends the next batch to its rolling import and waits for the pass. Resolves with the rolling import's id, or null when nothing waits. */
async function importOneBatch(): Promise<string | null> {
  await settlePasses();
  const batch = nextBatch();
  if (!batch) return null;
  const db = sqlite();
  const label = PROVIDER_INFO[batch.provider].label.replace(/ \(.*\)$/, "");
  const fileName = importName(label, batch.day, batch.campaign);
  const passId = await appendFile({
    rollingKey: rollingKey(batch.sourceId, batch.day, batch.campaign),
    fileName,
    fedBy: `${label} webhook`,
    lastFedAt: new Date(Math.max(...batch.events.map((e) => e.receivedAt))),
    body: (batch.provider === "generic" ? genericBatchFile : batchFile)(batch.events.map((e) => e.payload)),
    createdBy: `webhook: ${batch.name}`,
    // Tied to the pass before the queue can start it: a crash between the two leaves no pass without its events.
    beforeQueued: (id) =>
      writeTransaction(db, () => {
        const tie = db.prepare("UPDATE WebhookEvent SET importId = ? WHERE id = ?");
        for (const e of batch.events) tie.run(id, e.id);
      }),
  });
  const settled = await importSettled(passId);
  await settlePasses();
  if ("error" in settled) {
    throw new Error(`${batch.events.length} webhook events (${fileName}) could not be imported: ${settled.error}`);
  }
  return settled.rollingId ?? passId;
}
