/**
 * The least time any import can take to store a big file's rows and indexes with this schema and
 * driver, against the ingest baseline in the same run. From the rows of a loaded database
 * (made with `ingest-phases.ts FILE --keep=COPY.db`), into a fresh database each time:
 * - rows in SQL: copied inside SQLite (INSERT … SELECT): no parsing, classifying or binding at all;
 * - rows bound: the same rows bound from JavaScript through the bulk writer's own multi-row inserts
 *   (lib/ingest/pipeline/writer.ts `newRowInserts`), read from the copy in chunks outside the timed part: what
 *   better-sqlite3 costs to take them, without the writer's dedupe, lookups or batch reading;
 * - indexes: everything the pages need, built with the import's rebuild settings (applyRebuildSettings).
 * The import's writer thread must do at least "rows bound + indexes" one after the other, so that
 * over the baseline bounds from below the ratio bench:ingest can reach.
 * Usage: tsx lib/ingest/bench/storage-floor.mts COPY.db FILE [--runs=3]
 */
import Database from "better-sqlite3";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDatabaseFile } from "../../db/database-file";
import { applyRebuildSettings } from "../fast/bulk-indexes";
import { newRowInserts } from "../pipeline/writer";
import { removeDatabase, runBaseline } from "../../../scripts/bench/baseline";
import { median } from "../../../scripts/bench/server";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: "string", default: "3" } } });
const [source, file] = positionals;
if (!source || !file) throw new Error("Usage: storage-floor.mts COPY.db FILE [--runs=3]");
const TABLES = ["Subscriber", "Bounce"];
const CHUNK = 30_000;
/** The values newRowInserts takes, in its order, from a stored row. */
const SUBSCRIBER_VALUES = "id, email, domain, name, phone, company, category, ruleCategory, firstBouncedAt, lastBouncedAt, updatedAt";
const BOUNCE_VALUES =
  "subscriberId, line, occurredAt, category, categorySource, ruleId, ruleCategory, dsnStatus, replyCode, diagnostic, remoteMta, exportCategory, dedupeKey >> 32, dedupeKey & 4294967295";

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Copies the rows into `db` (tables made, attached as `loaded`); returns the seconds timed. */
type RowCopy = (db: Database.Database) => number;

const rowsInSql: RowCopy = (db) => {
  const t = performance.now();
  db.transaction(() => {
    for (const table of TABLES) db.exec(`INSERT INTO main."${table}" SELECT * FROM loaded."${table}"`);
  }).immediate();
  return seconds(t);
};

const rowsBound: RowCopy = (db) => {
  const importId = db.prepare("SELECT lastImportId FROM loaded.Subscriber LIMIT 1").pluck().get() as string;
  const inserts = newRowInserts(db, importId);
  const tables = [
    { read: chunkReader(db, "Subscriber", SUBSCRIBER_VALUES), insert: inserts.subscribers, after: 0 },
    { read: chunkReader(db, "Bounce", BOUNCE_VALUES), insert: inserts.bounces, after: 0 },
  ];
  let timed = 0;
  for (;;) {
    // Read (and cut off the id) outside the timed part.
    const chunks = tables.map((table) => {
      const rows = table.read.all(table.after) as unknown[][];
      if (rows.length) table.after = rows[rows.length - 1][0] as number;
      return rows.map((row) => row.slice(1));
    });
    if (chunks.every((rows) => rows.length === 0)) break;
    const t = performance.now();
    db.transaction(() => {
      chunks.forEach((rows, i) => {
        for (const row of rows) tables[i].insert.add(...row);
      });
      inserts.bounces.flush();
    }).immediate();
    timed += seconds(t);
  }
  return timed;
};

/** The next CHUNK rows of a table after an id, the id first. */
function chunkReader(db: Database.Database, table: string, columns: string): Database.Statement {
  return db.prepare(`SELECT id, ${columns} FROM loaded."${table}" WHERE id > ? ORDER BY id LIMIT ${CHUNK}`).raw();
}

/** The loaded copy's tables and indexes, as SQL. */
function readSchema(): { type: string; sql: string }[] {
  const from = new Database(source, { readonly: true });
  try {
    return from
      .prepare(`SELECT type, sql FROM sqlite_master WHERE tbl_name IN (${TABLES.map(() => "?").join(", ")}) AND sql IS NOT NULL AND type IN ('table', 'index')`)
      .all(...TABLES) as { type: string; sql: string }[];
  } finally {
    from.close();
  }
}
const schema = readSchema();

function storeOnce(target: string, copyRows: RowCopy): { rows: number; indexes: number } {
  removeDatabase(target);
  createDatabaseFile(target);
  const db = new Database(target);
  try {
    // As the import's own connection (lib/ingest/pipeline/run-import.ts importConnection).
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = OFF");
    db.pragma("cache_size = -8192");
    for (const t of schema.filter((s) => s.type === "table")) db.exec(t.sql);
    db.prepare("ATTACH ? AS loaded").run(source);
    const rows = copyRows(db);
    db.exec("DETACH loaded");
    applyRebuildSettings(db);
    const t = performance.now();
    for (const i of schema.filter((s) => s.type === "index")) db.exec(i.sql);
    return { rows, indexes: seconds(t) };
  } finally {
    db.close();
    removeDatabase(target);
  }
}

const dir = path.dirname(path.resolve(source));
const target = path.join(dir, "storage-floor.db");
const figures = { inSql: [] as number[], bound: [] as number[], indexes: [] as number[], baseline: [] as number[] };
for (let run = 1; run <= Number(values.runs); run++) {
  const inSql = storeOnce(target, rowsInSql);
  const bound = storeOnce(target, rowsBound);
  const baselineFile = path.join(dir, "storage-floor-baseline.db");
  const base = await runBaseline(file, baselineFile);
  removeDatabase(baselineFile);
  figures.inSql.push(inSql.rows);
  figures.bound.push(bound.rows);
  figures.indexes.push(inSql.indexes, bound.indexes);
  figures.baseline.push(base.seconds);
  console.log(
    `run ${run}: rows in SQL ${inSql.rows.toFixed(2)} s, rows bound ${bound.rows.toFixed(2)} s, indexes ${inSql.indexes.toFixed(2)}/${bound.indexes.toFixed(2)} s; baseline ${base.seconds.toFixed(2)} s`,
  );
}
const base = median(figures.baseline);
const indexes = median(figures.indexes);
const line = (label: string, rows: number) =>
  console.log(
    `${label} ${rows.toFixed(2)} s + indexes ${indexes.toFixed(2)} s = ${(rows + indexes).toFixed(2)} s   ${((rows + indexes) / base).toFixed(2)} x baseline`,
  );
console.log(`\nmedians of ${values.runs} (baseline ${base.toFixed(2)} s):`);
line("rows in SQL:", median(figures.inSql));
line("rows bound: ", median(figures.bound));
