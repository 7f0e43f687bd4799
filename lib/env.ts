/**
 * The one place that reads environment variables, validated once. Everything else imports `env`.
 */
import path from "node:path";
import { z } from "zod";

/** The import's speed parts a benchmark can turn off (REBOUND_INGEST_WITHOUT). */
export const INGEST_PARTS = ["prepare-thread", "import-thread", "packed", "hash-tables", "checkpointer", "bulk-indexes", "malloc"] as const;
export type IngestPart = (typeof INGEST_PARTS)[number];

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:|postgres(ql)?:\/\/)/,
      "DATABASE_URL must be a SQLite file URL such as file:./data/rebound.db, or a PostgreSQL URL such as postgres://user@host:5432/rebound",
    )
    .default("file:./data/rebound.db"),
  DATA_DIR: z.string().default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Largest upload accepted, in bytes (default 1 GB). */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024 * 1024),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** The site's public address; when it is https://…, session cookies are always Secure. */
  BETTER_AUTH_URL: z.url({ message: "BETTER_AUTH_URL must be a full address such as https://rebound.example.com" }).optional(),
  /** Signs session cookies; when unset, one is generated into DATA_DIR/auth-secret. */
  BETTER_AUTH_SECRET: z.string().min(1).optional(),
  /**
   * Set when a reverse proxy in front of Rebound sets X-Forwarded-For and X-Forwarded-Proto: only then
   * are those headers believed (else a client could name any address or protocol it likes).
   */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0", ""])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** Benchmarks only: a file the server appends its longest event-loop delay of each second to. */
  REBOUND_LOOP_REPORT: z.string().optional(),
  /** Benchmarks only: a .cpuprofile the server writes of its main thread's first REBOUND_CPU_PROFILE_SECONDS. */
  REBOUND_CPU_PROFILE: z.string().optional(),
  REBOUND_CPU_PROFILE_SECONDS: z.coerce.number().positive().default(60),
  /**
   * Reader threads answering the pages' reads (lib/db/reader.ts); 0 answers them in the server's own
   * thread. Two on a two-core machine: more only queue for the same cores.
   */
  REBOUND_READERS: z.coerce.number().int().min(0).max(16).default(2),
  /** "off" keeps imports in the server's own thread (debugging). */
  REBOUND_IMPORT_WORKER: z.enum(["on", "off"]).default("on"),
  /**
   * Benchmarks only (scripts/bench-ingest.ts --without): a comma list of the import's speed parts to
   * turn off, each replaced by its simplest equivalent, to measure what it is worth (lib/ingest/README.md).
   */
  REBOUND_INGEST_WITHOUT: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(INGEST_PARTS, { message: `REBOUND_INGEST_WITHOUT takes a comma list of: ${INGEST_PARTS.join(", ")}` }))),
});

function load() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

export const env = load();

/** A speed part of the import turned off for a benchmark (REBOUND_INGEST_WITHOUT). */
export function ingestWithout(part: IngestPart): boolean {
  return env.REBOUND_INGEST_WITHOUT.includes(part);
}

/** Which database a URL names: a SQLite file (file:…) or a PostgreSQL server (postgres://…, postgresql://…). */
export function databaseKind(url: string = env.DATABASE_URL): "sqlite" | "postgres" {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

/** Says what is missing when DATABASE_URL names PostgreSQL, which only parts of Rebound run on yet. */
export const POSTGRES_NOT_YET =
  "Rebound cannot serve from PostgreSQL yet: its pages' and API's reads and writes (lib/queries), the import (lib/ingest), " +
  "corrections and webhooks are written in SQLite's SQL for better-sqlite3, and sign-in and the admin commands use the SQLite Prisma client. " +
  "Use a SQLite DATABASE_URL (such as file:./data/rebound.db) for now; `npm run admin -- copy-to-postgres --to <url>` copies one into PostgreSQL " +
  '(README, "PostgreSQL (in progress)").';

/** Absolute path of the SQLite file named by DATABASE_URL (relative paths are from the working directory). */
export function databaseFile(url: string = env.DATABASE_URL): string {
  if (databaseKind(url) === "postgres") throw new Error(`DATABASE_URL names a PostgreSQL database. ${POSTGRES_NOT_YET}`);
  return path.resolve(url.replace(/^file:/, ""));
}

export function uploadsDir(): string {
  return path.resolve(env.DATA_DIR, "uploads");
}
