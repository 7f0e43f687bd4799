#!/usr/bin/env node
// `npm start`: apply pending migrations, build when the sources changed since the last build, then
// serve on PORT (default 3000) with the database at DATABASE_URL (default file:./data/rebound.db).
// A PostgreSQL DATABASE_URL gets its migrations applied, then a clear stop: the app runs on SQLite only for now.
// `--dev` runs `next dev` instead of building.
import { spawnSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buildImportWorker } from "./build-worker.mjs";

process.env.DATABASE_URL ??= "file:./data/rebound.db";
process.env.NEXT_TELEMETRY_DISABLED = "1";
// glibc's malloc, tuned for a server whose imports run in threads (lib/ingest/threads/import-thread.ts); both
// are read by the server process at its start, so they are set here for the child. Measured with
// bench:ingest (1,000,000 rows), peak server RSS:
// - each thread that allocates gets an arena of its own, and freed memory mostly stays there: 8 per
//   core (the default) 441-473 MB, 2 arenas 391-410 MB; 1 arena was slower;
// - large blocks (an import's batches, its tables as they grow) come from the heap once a block of
//   that size has been freed, and stay resident after they are freed: always mapped from the system
//   above 128 KB (so given back at once), 357-366 MB, with the same import time.
// REBOUND_INGEST_WITHOUT=malloc (benchmarks only, lib/env.ts) leaves glibc's defaults.
if (!(process.env.REBOUND_INGEST_WITHOUT ?? "").split(",").includes("malloc")) {
  process.env.MALLOC_ARENA_MAX ??= "2";
  process.env.MALLOC_MMAP_THRESHOLD_ ??= "131072";
}
const port = process.env.PORT ?? "3000";
const dev = process.argv.includes("--dev");

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(" ")} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

if (/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL)) {
  // PostgreSQL: its migrations are applied (Rebound's runner on pg), then it stops and says what is
  // missing, since the app's queries still speak SQLite (scripts/db/migrate-postgres.ts).
  const result = spawnSync("npx", ["tsx", "scripts/db/migrate-postgres.ts"], { stdio: "inherit", env: process.env });
  process.exit(result.status ?? 1);
}
const dbFile = path.resolve(process.env.DATABASE_URL.replace(/^file:/, ""));
fs.mkdirSync(path.dirname(dbFile), { recursive: true });
console.log(`Database: ${dbFile}`);
run("npx", ["prisma", "migrate", "deploy"]);
buildImportWorker();

if (!dev) {
  const stamp = sourceStamp();
  const stampFile = ".next/rebound-source-stamp";
  const built = fs.existsSync(".next/BUILD_ID") && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp;
  if (!built) {
    console.log("Building the app (first start, or the sources changed)…");
    run("npx", ["next", "build"]);
    fs.writeFileSync(stampFile, stamp);
  }
}

// Request timeouts fit big uploads, and each request is stamped with its socket's address (scripts/server-preload.cjs).
const preload = `--require ${JSON.stringify(path.resolve("scripts/server-preload.cjs"))}`;
// The server thread's young generation: V8 lets it grow to two 16 MB semi-spaces, and receiving a big
// upload (all of it short-lived chunks) grows it that far. 2 MB each: peak server RSS over a
// 1,000,000-row import 313–332 MB instead of 353–365 MB (interleaved, lib/ingest/README.md). The
// threads that set their own heap limits (the import's) are not affected.
const youngGeneration = "--max-semi-space-size=2";
const env = { ...process.env, NODE_OPTIONS: [youngGeneration, process.env.NODE_OPTIONS, preload].filter(Boolean).join(" ") };
const child = spawn("npx", ["next", dev ? "dev" : "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));

/** A hash of the files the build depends on (path, size, mtime): rebuild only when one changed. */
function sourceStamp() {
  const hash = crypto.createHash("sha256");
  const roots = ["app", "components", "lib", "prisma", "generated", "public", "instrumentation.ts", "next.config.ts", "package.json", "tsconfig.json"];
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) {
      hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  roots.forEach(walk);
  return hash.digest("hex");
}
