import pg from "pg";

/** A PostgreSQL URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(a PostgreSQL URL that does not parse)";
  }
}

/** A connected client, or an error that says which server could not be reached and why. */
export async function openPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    const reason = (error as { code?: string; message?: string }).message ?? String(error);
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}`);
  }
  return client;
}
