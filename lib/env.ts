/**
 * The one place that reads environment variables, validated once. Everything else imports `env`.
 */
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^file:/, "DATABASE_URL must be a SQLite file URL such as file:./data/rebound.db")
    .default("file:./data/rebound.db"),
  DATA_DIR: z.string().default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Largest upload accepted, in bytes (default 1 GB). */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
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

/** Absolute path of the SQLite file named by DATABASE_URL (relative paths are from the working directory). */
export function databaseFile(url: string = env.DATABASE_URL): string {
  return path.resolve(url.replace(/^file:/, ""));
}

export function uploadsDir(): string {
  return path.resolve(env.DATA_DIR, "uploads");
}
