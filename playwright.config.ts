import fs from "node:fs";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const ADMIN_STATE = `data/e2e-${PORT}/admin-state.json`;
/** A host name that is not localhost, resolved to this machine by Chromium itself (no /etc/hosts). */
export const INTRANET_HOST = "rebound.intranet";
const chromium = process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  // The specs share one database and build on each other's imports, like a team's week.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      // Debian's Chromium as root, on a machine with no internet: no sandbox as root, no background downloads.
      args: [
        `--host-resolver-rules=MAP ${INTRANET_HOST} 127.0.0.1`,
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    // First run: creates the admin through the setup page and keeps the signed-in state.
    { name: "setup", testMatch: /first-run\.setup\.ts/ },
    { name: "app", dependencies: ["setup"], use: { storageState: ADMIN_STATE } },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(PORT) },
  },
});
