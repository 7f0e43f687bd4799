import fs from "node:fs";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import { env } from "../env";
import { bundlePath } from "../worker-bundle";
import { applyCorrectionOn, CorrectionError, undoCorrectionOn, type Moved } from "./actions";

export interface CorrectionTask {
  dbFile: string;
  op: "apply" | "undo";
  id: number;
  actor: string;
}

export type CorrectionThreadMessage =
  | { type: "done"; moved: Moved }
  | { type: "refused"; code: CorrectionError["code"]; message: string }
  | { type: "crash"; message: string };

/**
 * Applies or undoes a correction in a thread of its own (lib/corrections/correction-runner.ts), with
 * its own connection: moving 50,000 of 1,000,000 bounces and their subscribers takes seconds of
 * synchronous SQLite (scripts/bench-corrections.ts), and in the server's thread every page waited
 * for them. Without the bundle (or for an in-memory database) it runs here.
 */
export async function runCorrectionInThread(db: Database.Database, op: CorrectionTask["op"], id: number, actor: string): Promise<Moved> {
  const entry = bundlePath("correction-runner");
  if (db.memory || env.REBOUND_IMPORT_WORKER === "off" || !fs.existsSync(entry)) {
    return op === "apply" ? applyCorrectionOn(db, id, actor) : undoCorrectionOn(db, id, actor);
  }
  const task: CorrectionTask = { dbFile: db.name, op, id, actor };
  const worker = new Worker(entry, { workerData: task, resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 } });
  const answer = await new Promise<CorrectionThreadMessage | Error>((resolve) => {
    worker.once("message", (m: CorrectionThreadMessage) => resolve(m));
    worker.once("error", (error) => resolve(error));
    worker.once("exit", (code) => resolve(new Error(`the correction's thread stopped (exit code ${code})`)));
  });
  await worker.terminate();
  if (answer instanceof Error) throw answer;
  if (answer.type === "refused") throw new CorrectionError(answer.code, answer.message);
  if (answer.type === "crash") throw new Error(`The correction's thread failed: ${answer.message}`);
  return answer.moved;
}
