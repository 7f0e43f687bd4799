/** Runs once when the server starts: resume imports that were queued or interrupted by a restart. */
export async function register() {
  // biome-ignore lint/style/noProcessEnv: Next sets it for this very check, which must come before lib/env (Node-only) loads.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { kickImportQueue } = await import("./lib/ingest");
  kickImportQueue();
  // Webhook bounces a restart left waiting are imported a few seconds after the start.
  const { scheduleProcessing } = await import("./lib/webhooks/processor");
  scheduleProcessing();
  const { env } = await import("./lib/env");
  if (env.REBOUND_LOOP_REPORT) await reportLoopDelay(env.REBOUND_LOOP_REPORT);
  if (env.REBOUND_CPU_PROFILE) await profileCpu(env.REBOUND_CPU_PROFILE, env.REBOUND_CPU_PROFILE_SECONDS);
}

/** For benchmarks: a CPU profile of the server's main thread (`--cpu-prof` is refused in NODE_OPTIONS). */
async function profileCpu(file: string, seconds: number) {
  const fs = await import("node:fs");
  const { Session } = await import("node:inspector");
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 500 });
  await post("Profiler.start");
  setTimeout(async () => {
    const { profile } = (await post("Profiler.stop")) as { profile: unknown };
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }, seconds * 1000).unref();
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
