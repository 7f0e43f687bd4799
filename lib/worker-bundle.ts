import path from "node:path";

/**
 * Where a worker thread's bundle is: build/<name>.cjs, written by scripts/build-worker.mjs (npm start,
 * npm run build, the test setup). Joined from the project root at run time, in a way Turbopack does
 * not follow: it bundles the file of a `new Worker(path)` whose path it can compute (path.join of
 * process.cwd() included) into the server's chunks, where the thread could not start.
 */
export function bundlePath(name: "import-worker" | "import-runner" | "checkpoint-worker" | "correction-runner" | "reader-thread"): string {
  return [process.cwd(), "build", `${name}.cjs`].join(path.sep);
}
