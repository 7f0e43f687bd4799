#!/usr/bin/env node
// The app as `npm start` runs it, on a fresh database of its own, for the Playwright specs.
// The folder is per port so two runs on one machine never share (or delete) each other's data.
import fs from "node:fs";

const dir = `data/e2e-${process.env.PORT ?? "3100"}`;
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
process.env.DATABASE_URL = `file:./${dir}/rebound.db`;
process.env.DATA_DIR = `./${dir}`;
await import("./start.mjs");
