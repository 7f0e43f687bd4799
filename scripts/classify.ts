/**
 * Classify the bounces in a file, for support people checking a reply:
 *
 *   npm run classify -- FILE            (CSV with a header, a column of diagnostics, or JSON lines)
 *   npm run classify -- -               (read standard input)
 *   npm run classify -- FILE.eml|FILE.mbox   (bounce emails, recognised by content; gzip too)
 *
 * Prints one tab-separated line per bounce: line number, category, rule id (for bounce emails:
 * message number, recipient, status, category, rule; skipped messages with their reason). The rule
 * ids are explained in docs/classification.md. Exits 1 with "FILE:LINE: message" on bad input.
 */
import { readFileSync } from "node:fs";
import { classify } from "../lib/classify";
import { InputError, readBounceFile } from "../lib/classify/input-file";
import { ImportFileError } from "../lib/formats/types";
import { classifyMailFile } from "../lib/formats/mail/classify-mail";

async function main(argv: string[]): Promise<number> {
  const file = argv[0];
  if (!file || argv.length > 1 || file === "--help" || file === "-h") {
    process.stderr.write("usage: npm run classify -- FILE   (CSV, one diagnostic per line, or JSON lines; - for stdin)\n");
    return 2;
  }
  if (file !== "-") {
    try {
      const lines = await classifyMailFile(file, classify);
      if (lines) {
        process.stdout.write(`${lines.join("\n")}\n`);
        return 0;
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (e instanceof ImportFileError) {
        process.stderr.write(`${file}: ${e.message}\n`);
        return 1;
      }
      if (typeof code === "string" && code.startsWith("E")) {
        process.stderr.write(`${file}: cannot read: ${code}\n`);
        return 1;
      }
      throw e;
    }
  }
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  try {
    const rows = readBounceFile(text);
    const out: string[] = ["line\tcategory\trule"];
    for (const row of rows) {
      const c = classify(row.input);
      out.push(`${row.line}\t${c.category}\t${c.ruleId}`);
    }
    process.stdout.write(out.join("\n") + "\n");
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`${file}${e.line !== null ? `:${e.line}` : ""}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
