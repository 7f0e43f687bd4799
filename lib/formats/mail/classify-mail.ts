/**
 * `npm run classify -- FILE.eml|FILE.mbox`: the lines printed for a bounce email, for support people
 * checking one bounce. The file is recognised by content with the import's own reader (./open-mail),
 * so what is printed is what an import of the same file would keep.
 */
import type { Classification, ClassifyInput } from "../../classify/types";
import type { MappedRow } from "../types";
import { openMailRows } from "./open-mail";

export const MAIL_LINES_HEADER = "message\trecipient\tstatus\tcategory\trule";

/** Tabs and line ends in a stranger's text would break the columns. */
const cell = (s: string | null | undefined) => (s ?? "").replace(/[\t\r\n]+/g, " ");

/**
 * The tab-separated lines for a mailbox file (header first), or null when the file is no mailbox.
 * A message that gives no bounce prints as skipped / complaint / rejected with its reason.
 */
export async function classifyMailFile(path: string, classify: (input: ClassifyInput) => Classification): Promise<string[] | null> {
  const rows: MappedRow[] = [];
  const reader = await openMailRows(path, (r) => rows.push(r));
  if (!reader) return null;
  try {
    while (await reader.pull()) {
      // rows arrive through the sink
    }
  } finally {
    await reader.close();
  }
  const out = [MAIL_LINES_HEADER];
  for (const row of rows) {
    if (row.kind === "bounce") {
      const r = row.record;
      const c = classify({ status: r.dsnStatus, replyCode: r.replyCode, diagnostic: r.diagnostic });
      out.push([row.line, cell(r.email), cell(r.dsnStatus), c.category, c.ruleId].join("\t"));
    } else if (row.kind === "complaint") {
      out.push([row.line, cell(row.complaint.email), "", "complaint", cell(row.complaint.feedbackType)].join("\t"));
    } else if (row.kind === "skip") {
      out.push([row.line, "", "", "skipped", cell(row.reason)].join("\t"));
    } else {
      out.push([row.line, "", "", "rejected", cell(row.reason)].join("\t"));
    }
  }
  return out;
}
