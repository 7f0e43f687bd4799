/**
 * SQLite values as cells of PostgreSQL's COPY text format, converted for the column's type as
 * Rebound stores it in SQLite: instants as unix milliseconds (or SQLite's own "YYYY-MM-DD HH:MM:SS"
 * text, which a DEFAULT CURRENT_TIMESTAMP writes), booleans as 0/1. Integers arrive as BigInt (read
 * with safeIntegers, so 64-bit keys keep every digit).
 */
export type SqliteValue = string | number | bigint | Buffer | null;

/** A value that does not fit its column; the message names what and why, the copy adds table, row and column. */
export class CellError extends Error {
  override name = "CellError";
}

/** PostgreSQL type (pg_type.typname) → cell encoder. */
export type CellEncoder = (value: Exclude<SqliteValue, null>) => string;

const SQLITE_DATETIME = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)$/;

function shown(value: unknown): string {
  const text = Buffer.isBuffer(value) ? `a ${value.length}-byte blob` : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function instant(value: Exclude<SqliteValue, null>): string {
  let ms: number;
  if (typeof value === "bigint" || typeof value === "number") ms = Number(value);
  else if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) ms = Number(value);
  else if (typeof value === "string" && SQLITE_DATETIME.test(value)) ms = Date.parse(value.replace(SQLITE_DATETIME, "$1T$2Z"));
  else if (typeof value === "string") ms = Date.parse(value);
  else throw new CellError(`${shown(value)} is not an instant`);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new CellError(`${shown(value)} is not an instant`);
  return date.toISOString();
}

function integer(value: Exclude<SqliteValue, null>): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return value.trim();
  throw new CellError(`${shown(value)} is not an integer`);
}

function real(value: Exclude<SqliteValue, null>): string {
  if (typeof value === "bigint" || typeof value === "number") return String(value);
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return value.trim();
  throw new CellError(`${shown(value)} is not a number`);
}

function boolean(value: Exclude<SqliteValue, null>): string {
  if (value === 0n || value === 0 || value === "0" || value === "false") return "f";
  if (value === 1n || value === 1 || value === "1" || value === "true") return "t";
  throw new CellError(`${shown(value)} is not a boolean (0 or 1)`);
}

const SPECIAL = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function text(value: Exclude<SqliteValue, null>): string {
  if (Buffer.isBuffer(value)) throw new CellError(`${shown(value)} is not text`);
  const s = typeof value === "string" ? value : String(value);
  if (s.includes("\0")) throw new CellError("the text holds a NUL character, which PostgreSQL text cannot store");
  return SPECIAL.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : s;
}

const ENCODERS: Record<string, CellEncoder> = {
  timestamptz: instant,
  timestamp: instant,
  int2: integer,
  int4: integer,
  int8: integer,
  float4: real,
  float8: real,
  numeric: real,
  bool: boolean,
  text,
  varchar: text,
};

/** The encoder for a PostgreSQL column type; throws for a type the copy does not know. */
export function cellEncoder(type: string): CellEncoder {
  const encoder = ENCODERS[type];
  if (!encoder) throw new CellError(`the copy does not know the PostgreSQL type ${type}`);
  return encoder;
}

/** One COPY text line (with its newline) from a row's values, each through its column's encoder. */
export function copyLine(values: SqliteValue[], encoders: CellEncoder[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += "\t";
    line += v === null ? "\\N" : encoders[i](v);
  }
  return line + "\n";
}
