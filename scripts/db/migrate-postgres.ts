/**
 * `npm start` on a PostgreSQL DATABASE_URL: applies the pending PostgreSQL migrations with Rebound's
 * runner, then stops (exit 3) with what is missing, since the app's queries are not ported yet.
 */
import { redactUrl } from "../../lib/db/postgres/connect";
import { migratePostgres, PostgresMigrationError } from "../../lib/db/postgres/migrate";
import { env, POSTGRES_NOT_YET } from "../../lib/env";

async function main(): Promise<number> {
  console.log(`Database: ${redactUrl(env.DATABASE_URL)} (PostgreSQL)`);
  try {
    const applied = await migratePostgres(env.DATABASE_URL, { log: (line) => console.log(line) });
    if (applied.length === 0) console.log("PostgreSQL migrations: none pending.");
  } catch (error) {
    // Refusals and connection failures explain themselves; a stack would only hide the message.
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof PostgresMigrationError || message.startsWith("Cannot connect");
    console.error(`\n✖ ${known ? message : (error as Error).stack}`);
    return 1;
  }
  console.error(`\n✖ ${POSTGRES_NOT_YET}`);
  return 3;
}

main().then((code) => process.exit(code));
