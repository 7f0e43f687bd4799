import "server-only";
import { sqlite } from "../db/sqlite";

/** Throws when the database cannot answer the smallest query: the health check's one question. */
export async function checkDatabase(): Promise<void> {
  sqlite().prepare("SELECT 1").get();
}
