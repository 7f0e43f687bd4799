/**
 * Fingerprints everything openPreparedFile produces for each file (every batch, in order, or the
 * ImportFileError), in this thread and through the worker, so an optimisation can be checked to
 * change nothing: run it before, save the output, run it after and compare.
 * Usage: tsx lib/ingest/bench/prepare-digest.ts FILE...
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { openPreparedFile } from "../pipeline/prepared-source";
import { ImportFileError } from "../../formats/types";

async function digest(file: string, worker: boolean, batchSize: number): Promise<string> {
  const hash = createHash("sha256");
  try {
    const opened = await openPreparedFile(file, { batchSize, uploadedAtMs: 1_700_000_000_000, worker });
    hash.update(JSON.stringify([opened.format, opened.formatLabel, opened.header]));
    for await (const b of opened.batches) {
      // JSON keeps strings exact and tells null from numbers; key order is part of the check too.
      hash.update(JSON.stringify(b));
      hash.update("\n");
    }
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    hash.update(JSON.stringify(["error", error.code, error.message, error.preview ?? null]));
  }
  return hash.digest("hex").slice(0, 16);
}

async function main(): Promise<void> {
  for (const file of process.argv.slice(2)) {
    const thread = await digest(file, false, 10_000);
    const worker = await digest(file, true, 10_000);
    const small = await digest(file, false, 7);
    console.log(`${thread} ${worker} ${small} ${thread === worker ? "same" : "DIFFERENT"} ${path.basename(file)}`);
  }
}

void main();
