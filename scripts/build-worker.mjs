#!/usr/bin/env node
// Bundles the import's preparing thread (lib/ingest/prepare-worker.ts) into one CommonJS file that
// Node starts as a worker_thread without any loader. Next's bundler cannot do it: it would compile
// the worker into the server's chunks, where `new Worker(path)` cannot find it. Takes well under a
// second; `npm start`, `npm run build` and the Vitest setup run it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

export const WORKER_BUNDLE = "build/import-worker.cjs";

export function buildImportWorker(root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")) {
  buildSync({
    entryPoints: [path.join(root, "lib/ingest/prepare-worker.ts")],
    outfile: path.join(root, WORKER_BUNDLE),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "linked",
    logLevel: "warning",
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) buildImportWorker();
