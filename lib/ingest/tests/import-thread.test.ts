import { FIXTURES } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { sqlite } from "@/lib/db/sqlite";
import { runImportInThread } from "@/lib/ingest/threads/import-thread";
import { rollbackImport } from "@/lib/ingest/pipeline/rollback";
import { runImport } from "@/lib/ingest/pipeline/run-import";
import { storeUpload } from "@/lib/ingest/upload/store";

async function queued(file: string): Promise<string> {
  const upload = await storeUpload(fs.createReadStream(file), 1024 ** 3);
  await prisma().import.create({
    data: { id: upload.id, fileName: path.basename(file), storedPath: upload.storedPath, sha256: upload.sha256, size: upload.size, createdAt: new Date() },
  });
  return upload.id;
}

const summary = (importId: string) => ({
  row: sqlite().prepare("SELECT status, format, rows, accepted, duplicates, rejected, skipped, error FROM Import WHERE id = ?").get(importId),
  perCategory: sqlite().prepare("SELECT category, count(*) AS n FROM Bounce WHERE importId = ? GROUP BY category ORDER BY category").all(importId),
  subscribers: sqlite().prepare("SELECT count(*) FROM Subscriber WHERE lastImportId = ?").pluck().get(importId),
});

// The queue runs each import in a thread of its own, so the server's thread stays free for pages.
describe("an import in its own thread", () => {
  it("stores what an import in the server's thread stores", async () => {
    const file = path.join(FIXTURES, "powermta-acct.csv");
    const inServer = await queued(file);
    expect((await runImport(sqlite(), inServer)).status).toBe("done");
    const expected = summary(inServer);
    await rollbackImport(sqlite(), inServer);

    const inThread = await queued(file);
    const outcome = await runImportInThread(sqlite(), inThread);
    expect(outcome).toMatchObject({ status: "done", format: expected.row && (expected.row as { format: string }).format });
    expect(summary(inThread)).toEqual(expected);
    expect(fs.existsSync(path.join(process.cwd(), "build", "import-runner.cjs"))).toBe(true);
  });

  it("reports a thread that fails as a failed import, with nothing of it kept", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const outcome = await runImportInThread(sqlite(), "no-such-import");
    expect(outcome).toMatchObject({ status: "failed", code: "internal" });
    expect(outcome.status === "failed" && outcome.error).toMatch(/does not exist/);
    error.mockRestore();
  });
});
