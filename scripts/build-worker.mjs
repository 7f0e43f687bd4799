#!/usr/bin/env node
// Bundles the import's threads into CommonJS files that Node starts as worker_threads without any
// loader: the thread that runs an import (lib/ingest/threads/import-runner.ts), the one that prepares its
// rows (lib/ingest/threads/prepare-worker.ts), the one that checkpoints its WAL (lib/ingest/threads/checkpoint-worker.ts),
// the one that applies or undoes a team correction (lib/corrections/correction-runner.ts), and the
// server's reader threads (lib/db/reader-thread.ts). Next's
// bundler cannot do it: it would compile them into the server's chunks, where `new Worker(path)` cannot find them. Takes about a second; `npm start`,
// `npm run build` and the Vitest setup run it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

export function buildImportWorker(root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")) {
  buildSync({
    entryPoints: {
      "import-worker": path.join(root, "lib/ingest/threads/prepare-worker.ts"),
      "import-runner": path.join(root, "lib/ingest/threads/import-runner.ts"),
      "checkpoint-worker": path.join(root, "lib/ingest/threads/checkpoint-worker.ts"),
      "correction-runner": path.join(root, "lib/corrections/correction-runner.ts"),
      "reader-thread": path.join(root, "lib/db/reader-thread.ts"),
    },
    outdir: path.join(root, "build"),
    outExtension: { ".js": ".cjs" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // better-sqlite3 loads its native addon relative to its own files: required from node_modules.
    external: ["better-sqlite3"],
    sourcemap: "linked",
    logLevel: "warning",
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) buildImportWorker();
