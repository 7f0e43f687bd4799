/** Runs once when the server starts: resume imports that were queued or interrupted by a restart. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { kickImportQueue } = await import("./lib/ingest/queue");
  kickImportQueue();
}
