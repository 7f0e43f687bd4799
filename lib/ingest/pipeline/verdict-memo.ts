import * as classifier from "../../classify";
import type { Classification } from "../../classify";

// Local alias: bundlers and tsx compile imported bindings to getters, and this runs for every row.
const { classify } = classifier;

/**
 * Entries kept before the memo starts over: enough for the distinct replies of a big export's stretch
 * (a generated 1,000,000-row PowerMTA file has 151,454 in all, ~16,000 per 100,000 rows), few enough
 * that the prepare thread's capped heap (64 MB) keeps room: each entry holds its reply's text.
 */
const MAX_ENTRIES = 32_768;

interface Entry {
  status: string | null;
  replyCode: number | null;
  verdict: Classification;
}

/**
 * One import's memo of the classifier's verdicts, by the exact reply (status, reply code, text).
 * Exports repeat their replies (a million rows carried ~150,000 distinct ones), and classify is a
 * pure function of those three fields, so a repeated reply gets the verdict it got before: the same
 * answer for a lookup in place of the whole rule scan.
 */
export class VerdictMemo {
  private readonly byText = new Map<string, Entry>();

  classify(status: string | null, replyCode: number | null, diagnostic: string | null): Classification {
    if (diagnostic === null) return classify({ status, replyCode, diagnostic });
    const known = this.byText.get(diagnostic);
    if (known !== undefined && known.status === status && known.replyCode === replyCode) return known.verdict;
    const verdict = classify({ status, replyCode, diagnostic });
    if (this.byText.size >= MAX_ENTRIES) this.byText.clear();
    // Copies of the texts: the parser's fields may be slices that keep their whole read chunk alive.
    this.byText.set(flatCopy(diagnostic), { status: status === null ? null : flatCopy(status), replyCode, verdict });
    return verdict;
  }
}

/** The same characters in a string of their own (V8 flattens the concatenation into new storage before slicing it). */
function flatCopy(text: string): string {
  return `${text} `.slice(0, -1);
}
