import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generatePmta } from "../../../scripts/bench/generate-pmta";
import { openBounceFile } from "../../formats/open";
import { plainBatch, prepareBatch } from "./prepare";
import { openPreparedFile } from "./prepared-source";

describe("prepared batches", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-prepare-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  // ~6 MB: several reads of the file, so batches end at different bytesRead.
  const file = path.join(dir, "pmta.csv");
  generatePmta(file, 25_000, { domains: 300 });

  /** What the import did before reading row by row: whole batches of mapped rows, then prepared. */
  async function reference(batchSize: number) {
    const opened = await openBounceFile(file, { batchSize });
    const out = [];
    for await (const b of opened.batches) out.push(plainBatch(prepareBatch(b.rows, b.bytesRead, 1_700_000_000_000)));
    return out;
  }

  async function prepared(batchSize: number, worker: boolean) {
    const opened = await openPreparedFile(file, { batchSize, uploadedAtMs: 1_700_000_000_000, worker });
    const out = [];
    for await (const b of opened.batches) out.push(plainBatch(b));
    return out;
  }

  for (const batchSize of [10_000, 2500, 1009, 7, 1]) {
    it(`are the same whether mapped in batches or row by row, in this thread or another (batches of ${batchSize})`, async () => {
      const expected = await reference(batchSize);
      expect(new Set(expected.map((b) => b.bytesRead)).size).toBeGreaterThan(1);
      expect(await prepared(batchSize, false)).toStrictEqual(expected);
      expect(await prepared(batchSize, true)).toStrictEqual(expected);
    });
  }
});
