import { FIXTURES } from "../../../test/helpers/test-db";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sqlite } from "@/lib/db/sqlite";
import { rollbackImport } from "@/lib/ingest/pipeline/rollback";
import { importFile } from "../../../test/helpers/import-file";

const fixture = (name: string) => path.join(FIXTURES, name);
const stored = (importId: string) =>
  sqlite()
    // Rows without a date take their upload's time, which differs between the two uploads.
    .prepare(`SELECT s.email, s.domain, s.name, s.phone, b.line, CASE WHEN b.occurredAt = i.createdAt THEN 'upload time' ELSE b.occurredAt END AS occurredAt, b.category, b.categorySource, b.ruleId, b.ruleCategory, b.dsnStatus, b.replyCode, b.diagnostic, b.remoteMta, printf('%016x', b.dedupeKey) AS dedupeKey
      FROM Bounce b JOIN Subscriber s ON s.id = b.subscriberId JOIN Import i ON i.id = b.importId WHERE b.importId = ? ORDER BY b.line`)
    .all(importId);

// Big uploads are read, classified and hashed in a worker thread; small ones in the server's own.
// Both must store exactly the same thing.
describe("preparing rows in a worker thread", () => {
  // The import falls back to its own thread when the worker cannot start; here it must have started.
  const warn = vi.spyOn(console, "warn");
  afterAll(() => expect(warn.mock.calls.filter((c) => String(c[0]).includes("worker unavailable"))).toEqual([]));

  for (const name of ["powermta-acct.csv", "bad-mixed-rows.csv", "generic-with-contacts.csv", "excel-semicolon-es.csv"]) {
    it(`stores ${name} exactly as the in-thread path does`, async () => {
      const inThread = await importFile(fixture(name), { worker: false });
      const rowsInThread = stored(inThread.id);
      const rejectsInThread = sqlite().prepare("SELECT line, column, reason, raw FROM RejectedRow WHERE importId = ? ORDER BY line").all(inThread.id);
      await rollbackImport(sqlite(), inThread.id);

      const inWorker = await importFile(fixture(name), { worker: true });
      expect(inWorker.outcome.status).toBe("done");
      expect({ ...inWorker.row, id: "", storedPath: "", createdAt: null, uploadedAt: null, startedAt: null, finishedAt: null }).toEqual({
        ...inThread.row,
        id: "",
        storedPath: "",
        createdAt: null,
        uploadedAt: null,
        startedAt: null,
        finishedAt: null,
        status: "done",
      });
      expect(stored(inWorker.id)).toEqual(rowsInThread);
      expect(sqlite().prepare("SELECT line, column, reason, raw FROM RejectedRow WHERE importId = ? ORDER BY line").all(inWorker.id)).toEqual(rejectsInThread);
      await rollbackImport(sqlite(), inWorker.id);
    });
  }

  it("reports whole-file problems from the worker in the same words", async () => {
    const a = await importFile(fixture("bad-header-only.csv"), { worker: false });
    const b = await importFile(fixture("bad-header-only.csv"), { worker: true });
    expect(a.outcome.status).toBe("failed");
    expect(b.outcome).toEqual(a.outcome);
  });
});
