/**
 * The baseline the ingest benchmark compares against: stream-parse the same file with the
 * same CSV reader and insert one row per CSV record into a fresh SQLite file with a better-sqlite3
 * prepared statement in large transactions (WAL, synchronous=NORMAL, one index), without
 * classification, validation, dedupe or subscribers. It is the floor for "read a file into SQLite".
 * Its file gets the page size Rebound gives its own databases (lib/db/database-file.ts), so the ratio
 * compares the work done, not the page size.
 */
import fs from "node:fs";
import Database from "better-sqlite3";
import { CsvParser } from "../../lib/csv/parser";
import { openTextSource } from "../../lib/csv/source";
import { createDatabaseFile } from "../../lib/db/database-file";

/** Removes a database file with its WAL and shared-memory files. */
export function removeDatabase(dbFile: string): void {
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
}

export async function runBaseline(file: string, dbFile: string, batch = 50_000): Promise<{ rows: number; seconds: number }> {
  removeDatabase(dbFile);
  const t0 = performance.now();
  createDatabaseFile(dbFile);
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`CREATE TABLE bounce (id INTEGER PRIMARY KEY, line INTEGER, email TEXT, occurredAt TEXT, status TEXT, diagnostic TEXT, remoteMta TEXT, category TEXT);
    CREATE INDEX bounce_email ON bounce(email);`);
  const insert = db.prepare("INSERT INTO bounce (line, email, occurredAt, status, diagnostic, remoteMta, category) VALUES (?, ?, ?, ?, ?, ?, ?)");
  let rows = 0;
  let pending: [number, string[]][] = [];
  const flush = db.transaction((items: [number, string[]][]) => {
    for (const [line, f] of items) insert.run(line, f[4], f[1], f[7], f[8], f[9], f[10]);
  });
  let header = true;
  const parser = new CsvParser({
    record(fields, line) {
      if (header) {
        header = false;
        return;
      }
      pending.push([line, fields]);
      rows++;
      if (pending.length >= batch) {
        flush(pending);
        pending = [];
      }
    },
    bad() {},
  });
  const source = await openTextSource(file);
  for await (const text of source.chunks()) parser.push(text);
  parser.end();
  flush(pending);
  db.close();
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

if (process.argv[1] && /baseline\.ts$/.test(process.argv[1])) {
  const [file, dbFile = "/tmp/rebound-baseline.db"] = process.argv.slice(2);
  void runBaseline(file, dbFile).then((r) => console.log(`baseline: ${r.rows} rows in ${r.seconds.toFixed(2)} s (${Math.round(r.rows / r.seconds)} rows/s)`));
}
