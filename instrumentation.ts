/** Runs once when the server starts: resume imports that were queued or interrupted by a restart. */
export async function register() {
  // biome-ignore lint/style/noProcessEnv: Next sets it for this very check, which must come before lib/env (Node-only) loads.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { kickImportQueue } = await import("./lib/ingest");
  kickImportQueue();
  const { env } = await import("./lib/env");
  if (env.REBOUND_LOOP_REPORT) await reportLoopDelay(env.REBOUND_LOOP_REPORT);
}

/** For bench:load: each second, the longest the event loop was blocked, as "unix-ms max-ms" lines. */
async function reportLoopDelay(file: string) {
  const fs = await import("node:fs");
  const { monitorEventLoopDelay } = await import("node:perf_hooks");
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  setInterval(() => {
    fs.appendFileSync(file, `${Date.now()} ${(delay.max / 1e6).toFixed(1)}\n`);
    delay.reset();
  }, 1000).unref();
}
