#!/usr/bin/env node
// The app as `npm start` runs it, on a fresh database of its own, for the Playwright specs.
import fs from "node:fs";

fs.rmSync("data/e2e", { recursive: true, force: true });
fs.mkdirSync("data/e2e", { recursive: true });
process.env.DATABASE_URL = "file:./data/e2e/rebound.db";
process.env.DATA_DIR = "./data/e2e";
await import("./start.mjs");
