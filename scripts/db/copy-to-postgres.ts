/**
 * `npm run admin -- copy-to-postgres`: the copy (lib/db/postgres/copy-from-sqlite.ts) with a progress
 * bar on stderr and a summary on stdout. Returns the exit code.
 */
import { redactUrl } from "../../lib/db/postgres/connect";
import { type CopyProgress, CopyError, copySqliteToPostgres } from "../../lib/db/postgres/copy-from-sqlite";
import { PostgresMigrationError } from "../../lib/db/postgres/migrate";

const WIDTH = 30;

function progressBar(): (p: CopyProgress) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (p) => {
    const finished = p.done === p.total;
    if (!tty) {
      // A log, not a bar: one line per table when it is done.
      if (finished) process.stderr.write(`  ${p.table}: ${p.total.toLocaleString("en")} rows\n`);
      return;
    }
    const now = performance.now();
    if (!finished && now - last < 100) return;
    last = now;
    const share = p.total === 0 ? 1 : p.done / p.total;
    const filled = Math.round(share * WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}`;
    process.stderr.write(`\r\x1b[K[${p.index}/${p.tables}] ${bar} ${p.table} ${p.done.toLocaleString("en")}/${p.total.toLocaleString("en")}`);
    if (finished) process.stderr.write("\n");
  };
}

export async function copyToPostgres(sqliteFile: string, url: string): Promise<number> {
  process.stderr.write(`Copying ${sqliteFile} into ${redactUrl(url)}…\n`);
  try {
    const summary = await copySqliteToPostgres(sqliteFile, url, progressBar());
    const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(`Copied ${rows.toLocaleString("en")} rows in ${summary.tables.length} tables in ${summary.seconds.toFixed(1)} s`);
    console.log(`(indexes, foreign keys and checks: ${summary.finishSeconds.toFixed(1)} s); row counts and counter tables verified.`);
    for (const t of summary.tables.filter((t) => t.rows > 0)) {
      console.log(`  ${t.name.padEnd(18)} ${t.rows.toLocaleString("en").padStart(12)} rows  ${t.seconds.toFixed(1).padStart(6)} s`);
    }
    return 0;
  } catch (error) {
    if (process.stderr.isTTY) process.stderr.write("\n");
    // Refusals and failures the copy explains itself; anything else with its stack.
    const known =
      error instanceof CopyError || error instanceof PostgresMigrationError || (error instanceof Error && error.message.startsWith("Cannot connect"));
    console.error(`admin: copy-to-postgres: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}`);
    return 2;
  }
}
