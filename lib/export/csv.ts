/**
 * CSV writing for exports that people open in spreadsheets. Bounce text comes from strangers' mail
 * servers and imported names from anyone, so a cell that a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) is prefixed with an apostrophe, which spreadsheets
 * show as text (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: unknown): string {
  const text = cellText(value);
  return exactCell(needsFormulaGuard(text) ? `'${text}` : text);
}

/** Whether a spreadsheet would run this text as a formula (safeCell then prefixes it). */
export function needsFormulaGuard(text: string): boolean {
  return FORMULA_START.test(text);
}

/** A cell exactly as given (quoted only where CSV needs it), for files meant for programs, not spreadsheets. */
export function exactCell(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return value instanceof Date ? value.toISOString() : String(value);
}

export function csvLine(values: readonly unknown[], cell: (value: unknown) => string = safeCell): string {
  return values.map(cell).join(",") + "\r\n";
}

export const UTF8_BOM = "\uFEFF";

/** A streamed CSV response body from rows produced lazily; nothing is held in memory beyond a chunk. */
export function csvStream(
  header: readonly string[],
  rows: Iterable<readonly unknown[]>,
  options: { bom?: boolean; cell?: (value: unknown) => string } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.iterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = "";
      if (!started) {
        started = true;
        chunk += (options.bom ? UTF8_BOM : "") + csvLine(header);
      }
      while (chunk.length < 64 * 1024) {
        const next = iterator.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          iterator.return?.();
          return;
        }
        chunk += csvLine(next.value, options.cell);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      iterator.return?.();
    },
  });
}

export function csvHeaders(fileName: string): HeadersInit {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
