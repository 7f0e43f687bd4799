/**
 * Team administration from a shell, beside a running server or on a fresh database (pending
 * migrations are applied first):
 *   npm run admin -- create-user --email E --password P --role admin|member|viewer [--name N]
 *   npm run admin -- create-token --email E [--name N]     (prints the token alone on its last line)
 *   npm run admin -- set-page-size     (with the server stopped: rewrites a database created before
 *                                       Rebound used 16 KB pages, for faster big imports)
 *   npm run admin -- copy-to-postgres --to postgres://… [--from file:…]
 *                                      (copies the SQLite database, DATABASE_URL's unless --from, into
 *                                       an empty PostgreSQL database: progress on stderr, summary on stdout)
 * Every command but copy-to-postgres needs a SQLite DATABASE_URL for now.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

process.env.DATABASE_URL ??= "file:./data/rebound.db";
const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    email: { type: "string" },
    password: { type: "string" },
    role: { type: "string" },
    name: { type: "string" },
    to: { type: "string" },
    from: { type: "string" },
  },
});

function fail(message: string): never {
  console.error(`admin: ${message}`);
  process.exit(2);
}

const { databaseFile, databaseKind, POSTGRES_NOT_YET } = await import("../lib/env");

if (command === "copy-to-postgres") {
  const { copyToPostgres } = await import("./db/copy-to-postgres");
  const from = values.from ?? process.env.DATABASE_URL;
  if (databaseKind(from) !== "sqlite") fail("copy-to-postgres copies a SQLite database: set DATABASE_URL to its file: URL, or name it with --from file:…");
  if (!values.to || databaseKind(values.to) !== "postgres") fail("copy-to-postgres needs --to postgres://user@host:5432/database (an empty database)");
  process.exit(await copyToPostgres(databaseFile(from), values.to));
}
if (databaseKind() === "postgres")
  fail(`${command ?? "this command"} needs a SQLite database for now, and DATABASE_URL names a PostgreSQL one. ${POSTGRES_NOT_YET}`);
const dbFile = databaseFile();

if (command === "set-page-size") {
  const { convertPageSize } = await import("../lib/db/database-file");
  try {
    const { before, after } = convertPageSize(dbFile);
    console.log(before === after ? `${dbFile} already has ${after}-byte pages.` : `${dbFile}: ${before}-byte pages rewritten as ${after}-byte pages.`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail(/locked|busy/i.test(message) ? "the database is in use: stop the server (and any import) first, then run this again" : message);
  }
  process.exit(0);
}
if (command !== "create-user" && command !== "create-token") {
  fail(
    "usage: npm run admin -- create-user --email E --password P --role admin|member|viewer | create-token --email E [--name N] | set-page-size | copy-to-postgres --to postgres://… [--from file:…]",
  );
}
if (!values.email) fail("--email is required");

fs.mkdirSync(path.dirname(dbFile), { recursive: true });
// Only a database with pending migrations is migrated: that needs the database to itself, and the
// usual case is a server running beside this command on an up-to-date database.
const { pendingMigrations } = await import("../lib/db/migration-files");
const pending = pendingMigrations(dbFile);
if (pending.length > 0) {
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "pipe", env: process.env });
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    if (/locked|busy|SocketTimeout/i.test(detail)) {
      fail(
        `${pending.length} database migration(s) are pending (${pending.join(", ")}) and the database is in use. Stop the server (npm start applies them when it starts), or run this again once it has started.`,
      );
    }
    fail(`could not apply the database migrations: ${detail}`);
  }
}

const { createUser, UserInputError } = await import("../lib/auth/users");
const { createApiToken } = await import("../lib/auth/tokens");
const { prisma } = await import("../lib/db/prisma");
const { isRole } = await import("../lib/auth/roles");

try {
  if (command === "create-user") {
    if (!values.password) fail("--password is required");
    if (!isRole(values.role)) fail("--role must be admin, member or viewer");
    const user = await createUser({ email: values.email, password: values.password, name: values.name, role: values.role });
    console.log(`Created ${values.role} ${user.email}`);
  } else {
    const user = await prisma().user.findUnique({ where: { email: values.email.toLowerCase() } });
    if (!user) fail(`no user with the email ${values.email}`);
    if (user.banned) fail(`${values.email} is disabled`);
    const { token } = await createApiToken(user.id, values.name ?? "CLI token");
    console.log(`API token for ${user.email} (acts as ${user.role}):`);
    console.log(token);
  }
} catch (error) {
  if (error instanceof UserInputError) fail(error.message);
  throw error;
} finally {
  await prisma().$disconnect();
}
