/**
 * Reads the files support people feed to `npm run classify -- FILE`: CSV (comma, semicolon or
 * tab separated, quoted fields, BOM, CRLF) with a header naming the status / reply code /
 * diagnostic columns in any of the usual spellings, a single column of diagnostics, or JSON lines
 * ({"status": …, "diagnostic": …}). Pure: text in, rows or an InputError (with line) out.
 */
import type { ClassifyInput } from "./types";

export interface InputRow {
  /** 1-based line of the file where the record starts. */
  line: number;
  input: ClassifyInput;
}

export class InputError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = "InputError";
  }
}

// Header names, compared after lower-casing and removing accents, spaces, "_" and "-".
const STATUS_NAMES = ["status", "dsnstatus", "enhancedstatus", "enhancedstatuscode", "statuscode", "dsn", "estado", "codigo", "statut", "stato"];
const REPLY_NAMES = ["replycode", "code", "smtpcode", "reply", "smtpreplycode", "responsecode", "codigosmtp"];
const DIAG_NAMES = [
  "diagnostic",
  "diagnosticcode",
  "dsndiag",
  "diag",
  "reason",
  "bouncereason",
  "error",
  "errormessage",
  "response",
  "smtpresponse",
  "message",
  "description",
  "detail",
  "details",
  "motivo",
  "razon",
  "raison",
  "grund",
  "fehler",
  "errore",
  "descripcion",
];

export function readBounceFile(text: string): InputRow[] {
  if (text.includes("\u0000")) throw new InputError("this looks like a binary file, not CSV or JSON lines", null);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.split(/\r?\n/).find((l) => l.trim().length > 0);
  if (firstLine === undefined) throw new InputError("the file is empty", null);
  return firstLine.trimStart().startsWith("{") ? readJsonLines(body) : readCsv(body);
}

function readJsonLines(text: string): InputRow[] {
  const rows: InputRow[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim().length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new InputError(`invalid JSON: ${(e as Error).message}`, line);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new InputError('each line must be a JSON object like {"status": "5.1.1", "diagnostic": "…"}', line);
    }
    const obj = value as Record<string, unknown>;
    const pick = (names: string[]) => {
      for (const [k, v] of Object.entries(obj)) if (names.includes(normaliseName(k))) return v;
      return undefined;
    };
    const status = pick(STATUS_NAMES);
    const replyCode = pick(REPLY_NAMES);
    const diagnostic = pick(DIAG_NAMES);
    if (status === undefined && replyCode === undefined && diagnostic === undefined) {
      throw new InputError("no status, replyCode or diagnostic field in this object", line);
    }
    rows.push({
      line,
      input: {
        status: scalar(status),
        replyCode: typeof replyCode === "number" ? replyCode : scalar(replyCode),
        diagnostic: scalar(diagnostic),
      },
    });
  });
  return rows;
}

function scalar(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function readCsv(text: string): InputRow[] {
  const records = parseCsv(text, detectDelimiter(text));
  if (records.length === 0) throw new InputError("the file is empty", null);
  const header = records[0].fields.map(normaliseName);
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const statusCol = find(STATUS_NAMES);
  const replyCol = find(REPLY_NAMES);
  let diagCol = find(DIAG_NAMES);
  let data = records.slice(1);

  if (statusCol < 0 && replyCol < 0 && diagCol < 0) {
    // No known header: a single column of diagnostics (or "status,diagnostic" pairs) is fine.
    const width = records[0].fields.length;
    if (width === 1) {
      diagCol = 0;
      data = records;
    } else {
      throw new InputError(
        `cannot tell which column is the diagnostic: name one of the header columns "status", "replyCode" or "diagnostic" (found: ${records[0].fields.join(", ")})`,
        records[0].line,
      );
    }
  }

  const rows: InputRow[] = [];
  for (const rec of data) {
    if (rec.fields.length === 1 && rec.fields[0].trim() === "") continue; // blank line
    const get = (col: number) => (col >= 0 && col < rec.fields.length ? rec.fields[col] : null);
    rows.push({ line: rec.line, input: { status: get(statusCol), replyCode: get(replyCol), diagnostic: get(diagCol) } });
  }
  if (rows.length === 0) throw new InputError("the file has a header but no rows", records[0].line);
  return rows;
}

function normaliseName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s_\-.]/g, "");
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let best = ",";
  let bestCount = 0;
  for (const d of [",", ";", "\t"]) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** RFC 4180 CSV: quoted fields may hold delimiters, doubled quotes and line breaks. */
export function parseCsv(text: string, delimiter = ","): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.length === 0) {
      inQuotes = true;
      quoteLine = line;
    } else if (c === delimiter) {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = "";
      line++;
      recordLine = line;
    } else field += c;
  }
  if (inQuotes) throw new InputError('a quoted field is never closed (missing ")', quoteLine);
  if (field.length > 0 || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}
