import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openPostgres, redactUrl } from "./connect";
import { CellError, type CellEncoder, cellEncoder, copyLine, type SqliteValue } from "./copy-text";
import { MIGRATIONS_TABLE, migratePostgres } from "./migrate";
import { postgresTallyDrift } from "./tallies";

export interface CopyProgress {
  table: string;
  /** Rows of this table copied so far, and its total. */
  done: number;
  total: number;
  /** 1-based position of the table in the copy, and how many there are. */
  index: number;
  tables: number;
}

export interface CopySummary {
  tables: { name: string; rows: number; seconds: number }[];
  /** The whole copy, from the first check to the commit, and the part after the rows (indexes, keys, checks). */
  seconds: number;
  finishSeconds: number;
}

/** Refused or failed; the message says what to do. */
export class CopyError extends Error {
  override name = "CopyError";
}

interface Table {
  name: string;
  columns: { name: string; type: string }[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
// Rows per chunk handed to the COPY stream: fewer, larger writes.
const ROWS_PER_CHUNK = 2_000;
const PROGRESS_EVERY = 20_000;

/**
 * Copies a SQLite database of Rebound into an empty PostgreSQL database: applies the PostgreSQL
 * migrations, then every table with COPY, in one transaction (a failure leaves the database as
 * migrated, empty). Ids are kept and sequences moved past them; instants and booleans are converted
 * per the PostgreSQL schema. Before committing, checks every table's row count against SQLite's
 * and the counter tables against a recount.
 */
export async function copySqliteToPostgres(sqliteFile: string, url: string, onProgress: (p: CopyProgress) => void = () => {}): Promise<CopySummary> {
  const started = performance.now();
  const source = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    // One read transaction: every table from the same moment, even beside a running server.
    source.exec("BEGIN");
    refuseUnsettledImports(source);
    await refuseForeignTables(url);
    await migratePostgres(url);
    const client = await openPostgres(url);
    try {
      const tables = await targetTables(client);
      checkSourceColumns(source, tables);
      await refuseRows(client, tables);
      const summary = await copyAll(source, client, tables, onProgress);
      return { ...summary, seconds: (performance.now() - started) / 1000 };
    } finally {
      await client.end();
    }
  } finally {
    if (source.inTransaction) source.exec("COMMIT");
    source.close();
  }
}

function refuseUnsettledImports(source: Database.Database): void {
  const busy = source.prepare(`SELECT id, status FROM "Import" WHERE status IN ('processing', 'rolling_back')`).all() as { id: string; status: string }[];
  if (busy.length > 0) {
    throw new CopyError(
      `Import ${busy[0].id} is ${busy[0].status.replace("_", " ")} in the SQLite database: start Rebound on it until the import has finished (an interrupted one runs again at start), stop it, then copy.`,
    );
  }
}

/** Only an empty database, or one holding nothing but Rebound's (empty) tables, is copied into. */
async function refuseForeignTables(url: string): Promise<void> {
  const client = await openPostgres(url);
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
       ORDER BY 1`,
    );
    const names = rows.map((r) => r.name);
    if (names.length > 0 && !names.includes(`public.${MIGRATIONS_TABLE}`)) {
      throw new CopyError(
        `${redactUrl(url)} is not empty: it holds ${names.slice(0, 5).join(", ")}${names.length > 5 ? ` and ${names.length - 5} more` : ""}. Copy into a new database (CREATE DATABASE rebound).`,
      );
    }
  } finally {
    await client.end();
  }
}

/** Rebound's tables in PostgreSQL, parents before the tables whose foreign keys point at them. */
async function targetTables(client: pg.Client): Promise<Table[]> {
  const { rows } = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    `SELECT table_name, column_name, udt_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> $1 ORDER BY table_name, ordinal_position`,
    [MIGRATIONS_TABLE],
  );
  const byName = new Map<string, Table>();
  for (const r of rows) {
    let table = byName.get(r.table_name);
    if (!table) byName.set(r.table_name, (table = { name: r.table_name, columns: [] }));
    table.columns.push({ name: r.column_name, type: r.udt_name });
  }
  const { rows: keys } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace`,
  );
  const ordered: Table[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (ordered.some((t) => t.name === name) || visiting.has(name)) return;
    visiting.add(name);
    for (const k of keys) if (k.child === name && k.parent !== name) visit(k.parent);
    ordered.push(byName.get(name)!);
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return ordered;
}

function checkSourceColumns(source: Database.Database, tables: Table[]): void {
  for (const table of tables) {
    const have = new Set((source.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table.name) as string[]) ?? []);
    if (have.size === 0)
      throw new CopyError(
        `The SQLite database has no table ${table.name}: start Rebound on it once (npm start applies its migrations), then copy; or, if ${table.name} is not one of Rebound's tables, copy into a new database.`,
      );
    const missing = table.columns.filter((c) => !have.has(c.name)).map((c) => c.name);
    if (missing.length > 0) {
      throw new CopyError(
        `The SQLite table ${table.name} lacks ${missing.join(", ")}: start Rebound on it once (npm start applies its migrations), then copy.`,
      );
    }
  }
}

async function refuseRows(client: pg.Client, tables: Table[]): Promise<void> {
  const full: string[] = [];
  for (const t of tables) {
    const { rows } = await client.query(`SELECT 1 FROM ${q(t.name)} LIMIT 1`);
    if (rows.length > 0) full.push(t.name);
  }
  if (full.length > 0) {
    throw new CopyError(`The PostgreSQL database already holds rows (in ${full.join(", ")}): copy into an empty database only.`);
  }
}

async function copyAll(source: Database.Database, client: pg.Client, tables: Table[], onProgress: (p: CopyProgress) => void) {
  const report: CopySummary["tables"] = [];
  await client.query("BEGIN");
  try {
    // Index builds and key checks after the rows, once per table, cost a fraction of keeping them row by row.
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    const deferred = await dropIndexesAndForeignKeys(client);
    // The counter tables are copied as they are: the tally triggers must not count the rows again.
    for (const t of tables) await client.query(`ALTER TABLE ${q(t.name)} DISABLE TRIGGER USER`);
    for (const [i, table] of tables.entries()) {
      const t0 = performance.now();
      const rows = await copyTable(source, client, table, (done, total) => onProgress({ table: table.name, done, total, index: i + 1, tables: tables.length }));
      report.push({ name: table.name, rows, seconds: (performance.now() - t0) / 1000 });
    }
    const finishing = performance.now();
    for (const t of tables) await client.query(`ALTER TABLE ${q(t.name)} ENABLE TRIGGER USER`);
    for (const sql of deferred) await client.query(sql);
    await resetSequences(source, client);
    await verify(source, client, report);
    await client.query("COMMIT");
    const finishSeconds = (performance.now() - finishing) / 1000;
    // Fresh statistics for the planner: an empty table's would make it scan where it should seek.
    await client.query("ANALYZE");
    return { tables: report, finishSeconds };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** Drops secondary indexes and foreign keys; returns the statements that put them back. */
async function dropIndexesAndForeignKeys(client: pg.Client): Promise<string[]> {
  const { rows: keys } = await client.query<{ table: string; name: string; def: string }>(
    `SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
     WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace ORDER BY 1, 2`,
  );
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE i.relnamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
     ORDER BY 1`,
  );
  for (const k of keys) await client.query(`ALTER TABLE ${q(k.table)} DROP CONSTRAINT ${q(k.name)}`);
  for (const i of indexes) await client.query(`DROP INDEX ${q(i.name)}`);
  return [...indexes.map((i) => i.def), ...keys.map((k) => `ALTER TABLE ${q(k.table)} ADD CONSTRAINT ${q(k.name)} ${k.def}`)];
}

async function copyTable(source: Database.Database, client: pg.Client, table: Table, progress: (done: number, total: number) => void): Promise<number> {
  const columns = table.columns.map((c) => q(c.name)).join(", ");
  const encoders: CellEncoder[] = table.columns.map((c) => cellEncoder(c.type));
  const total = Number(
    source
      .prepare(`SELECT count(*) FROM ${q(table.name)}`)
      .pluck()
      .get(),
  );
  const select = source
    .prepare(`SELECT ${columns} FROM ${q(table.name)}`)
    .raw(true)
    .safeIntegers(true);
  let done = 0;
  progress(0, total);
  function* chunks() {
    let chunk = "";
    let inChunk = 0;
    for (const row of select.iterate() as IterableIterator<SqliteValue[]>) {
      try {
        chunk += copyLine(row, encoders);
      } catch (error) {
        if (!(error instanceof CellError)) throw error;
        const column = table.columns[row.findIndex((v, i) => v !== null && failsOn(encoders[i], v))]?.name ?? "?";
        throw new CopyError(`SQLite ${table.name} row ${table.columns[0].name}=${String(row[0])}, column ${column}: ${error.message}.`);
      }
      done++;
      if (++inChunk === ROWS_PER_CHUNK) {
        yield chunk;
        chunk = "";
        inChunk = 0;
        if (done % PROGRESS_EVERY === 0) progress(done, total);
      }
    }
    if (chunk) yield chunk;
  }
  try {
    await pipeline(Readable.from(chunks(), { objectMode: false }), client.query(copyFrom(`COPY ${q(table.name)} (${columns}) FROM STDIN`)));
  } catch (error) {
    if (error instanceof CopyError) throw error;
    const e = error as { message?: string; where?: string };
    throw new CopyError(`Copying ${table.name} failed: ${e.message ?? String(error)}${e.where ? ` (${e.where})` : ""}`);
  }
  progress(done, total);
  return done;
}

function failsOn(encoder: CellEncoder, value: Exclude<SqliteValue, null>): boolean {
  try {
    encoder(value);
    return false;
  } catch {
    return true;
  }
}

/** Each serial id's sequence continues after the highest id SQLite handed out (kept in sqlite_sequence, even for deleted rows). */
async function resetSequences(source: Database.Database, client: pg.Client): Promise<void> {
  const handedOut = new Map(
    (source.prepare(`SELECT name, seq FROM sqlite_sequence`).raw(true).all() as [string, number][]).map(([name, seq]) => [name, Number(seq)]),
  );
  const { rows } = await client.query<{ table: string; column: string; seq: string }>(
    `SELECT table_name AS table, column_name AS column, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
     FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
  );
  for (const r of rows) {
    const { rows: max } = await client.query<{ max: number | null }>(`SELECT max(${q(r.column)})::bigint::text AS max FROM ${q(r.table)}`);
    const last = Math.max(Number(max[0].max ?? 0), handedOut.get(r.table) ?? 0);
    await client.query("SELECT setval($1, $2, $3)", [r.seq, Math.max(last, 1), last > 0]);
  }
}

async function verify(source: Database.Database, client: pg.Client, report: CopySummary["tables"]): Promise<void> {
  const problems: string[] = [];
  for (const t of report) {
    const sqliteRows = Number(
      source
        .prepare(`SELECT count(*) FROM ${q(t.name)}`)
        .pluck()
        .get(),
    );
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(t.name)}`);
    if (Number(rows[0].n) !== sqliteRows) problems.push(`${t.name}: ${sqliteRows} rows in SQLite, ${rows[0].n} in PostgreSQL`);
  }
  problems.push(...(await postgresTallyDrift(client)));
  if (problems.length > 0) {
    throw new CopyError(
      `The copy does not match, nothing was kept:\n  ${problems.join("\n  ")}\n(Counter tables that differ from a recount were already off in SQLite.)`,
    );
  }
}
