/**
 * Delimiter sniffing. The header line decides most cases (exports never put the delimiter inside
 * a column name), and the following lines break ties: the right delimiter gives the same field count
 * on most lines. Counting happens outside quotes, so a quoted "550 5.1.1 foo, bar" does not vote for ",".
 */

export const DELIMITER_CANDIDATES = [",", ";", "\t", "|"] as const;
export type Delimiter = (typeof DELIMITER_CANDIDATES)[number];

const MAX_SAMPLE_RECORDS = 30;

/** Per-record counts of each candidate outside quotes. The last record is dropped if the sample is cut. */
function countPerRecord(sample: string, complete: boolean): number[][] {
  const rows: number[][] = [];
  let counts = [0, 0, 0, 0];
  let inQuotes = false;
  let nonEmpty = false;
  for (let i = 0; i < sample.length && rows.length < MAX_SAMPLE_RECORDS; i++) {
    const ch = sample[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      nonEmpty = true;
      continue;
    }
    if (inQuotes) continue;
    if (ch === "\n" || ch === "\r") {
      if (nonEmpty) rows.push(counts);
      counts = [0, 0, 0, 0];
      nonEmpty = false;
      continue;
    }
    nonEmpty = true;
    const k = DELIMITER_CANDIDATES.indexOf(ch as Delimiter);
    if (k !== -1) counts[k]++;
  }
  if (nonEmpty && complete && rows.length < MAX_SAMPLE_RECORDS) rows.push(counts);
  return rows;
}

/**
 * Picks the delimiter from the start of the file. `complete` says the sample is the whole file
 * (so its last line is not cut off). Defaults to "," when nothing is conclusive (one-column file).
 */
export function sniffDelimiter(sample: string, complete = false): Delimiter {
  const rows = countPerRecord(sample, complete);
  if (rows.length === 0) return ",";
  const header = rows[0];
  let best: Delimiter = ",";
  let bestScore = 0;
  for (let k = 0; k < DELIMITER_CANDIDATES.length; k++) {
    const h = header[k];
    if (h === 0) continue;
    let same = 0;
    for (let r = 1; r < rows.length; r++) if (rows[r][k] === h) same++;
    const consistency = rows.length > 1 ? same / (rows.length - 1) : 1;
    // Consistency dominates; the number of columns breaks ties (more columns = more structure).
    const score = consistency * 1000 + Math.min(h, 999);
    if (score > bestScore) {
      bestScore = score;
      best = DELIMITER_CANDIDATES[k];
    }
  }
  return best;
}
