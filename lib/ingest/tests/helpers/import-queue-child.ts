/**
 * The import queue as a server process runs it, for tests that SIGKILL it (lib/ingest/tests/crash-safety.test.ts).
 * Usage: DATABASE_URL=file:… DATA_DIR=… tsx lib/ingest/tests/helpers/import-queue-child.ts [FILE [ROLLING_KEY]]
 *
 * With FILE, stores it as an upload would (as test/helpers/import-file.ts does) and queues its import,
 * printing `queued <id>`; with ROLLING_KEY too, as a pass of that rolling import (lib/ingest/pipeline/append.ts). Then starts the queue as the server does at start (kickImportQueue, which
 * first takes up imports a crash interrupted) and exits 0 once no import is left queued or running.
 * Run from the project root: the import thread's bundle is found from the working directory.
 */
import fs from "node:fs";
import path from "node:path";
import { prisma } from "../../../db/prisma";
import { sqlite } from "../../../db/sqlite";
import { kickImportQueue } from "../../queue/queue";
import { storeUpload } from "../../upload/store";

const UNFINISHED = "SELECT count(*) FROM Import WHERE status IN ('queued', 'processing', 'rolling_back')";

async function main(file: string | undefined, rollingKey: string | undefined): Promise<void> {
  if (file) {
    const upload = await storeUpload(fs.createReadStream(file), 1024 ** 3);
    await prisma().import.create({
      data: {
        id: upload.id,
        fileName: path.basename(file),
        storedPath: upload.storedPath,
        sha256: upload.sha256,
        size: upload.size,
        createdAt: new Date(),
        appendTo: rollingKey ?? null,
      },
    });
    await prisma().$disconnect();
    console.log(`queued ${upload.id}`);
  }
  const db = sqlite();
  kickImportQueue(db);
  // The queue keeps no promise to wait on: it is done when the database says so.
  while ((db.prepare(UNFINISHED).pluck().get() as number) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  db.close();
}

main(process.argv[2], process.argv[3]).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
