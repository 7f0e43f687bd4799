/**
 * Import this first in an integration test file: it points the app at a fresh SQLite file in a
 * temporary folder and applies the real migrations to it, before any app module reads the env.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createMigratedDatabase } from "../../lib/db/migration-files";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-test-"));
const file = path.join(dir, "rebound.db");
process.env.DATABASE_URL = `file:${file}`;
process.env.DATA_DIR = dir;

createMigratedDatabase(file);

export const testDir = dir;
export const testDbFile = file;
export const FIXTURES = path.resolve(__dirname, "../fixtures/exports");
