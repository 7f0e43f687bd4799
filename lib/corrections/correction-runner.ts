import { parentPort, workerData } from "node:worker_threads";
import { openSqlite } from "../db/sqlite";
import { applyCorrectionOn, CorrectionError, undoCorrectionOn } from "./actions";
import type { CorrectionTask, CorrectionThreadMessage } from "./thread";

/*
 * A correction's own thread (lib/corrections/thread.ts says why): its own connection, the apply or
 * undo in one transaction, one message back.
 */
const task = workerData as CorrectionTask;
const send = (m: CorrectionThreadMessage) => parentPort!.postMessage(m);

const db = openSqlite(task.dbFile);
try {
  send({ type: "done", moved: task.op === "apply" ? applyCorrectionOn(db, task.id, task.actor) : undoCorrectionOn(db, task.id, task.actor) });
} catch (error) {
  if (error instanceof CorrectionError) send({ type: "refused", code: error.code, message: error.message });
  else send({ type: "crash", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  db.close();
}
