/**
 * Contract between the file readers (lib/csv, lib/formats) and the import pipeline (lib/ingest).
 * A reader turns an uploaded file into batches of mapped rows; it never touches the database.
 */
import type { CategoryCode } from "../categories";

/**
 * Longest text stored from a file (a reply, a name…): a hostile 5 MB reply made a 16 MB page. Longer
 * texts are cut at import; the full text stays in the kept upload, and the page says it was cut.
 */
export const MAX_STORED_TEXT = 8 * 1024;

/** One bounce as read from an export, before normalisation and classification. */
export interface BounceRecord {
  /** As written in the file, trimmed; ingest lower-cases and validates it. */
  email: string;
  /** null when the export has no date for the row (ingest then uses the upload time). */
  occurredAt: Date | null;
  /** Enhanced status code alone, e.g. "5.1.1", or null. */
  dsnStatus: string | null;
  /** SMTP reply code, e.g. 550, or null. */
  replyCode: number | null;
  /** The receiving server's own words, untouched (untrusted text). */
  diagnostic: string | null;
  remoteMta: string | null;
  /** The export's own category when it carries one (PowerMTA `bounceCat`), else null. */
  category: CategoryCode | null;
  name: string | null;
  phone: string | null;
  company: string | null;
}

/**
 * Where a bounce read from a bounce email came from, and the email itself (lib/formats/mail). Only
 * rows of bounce emails carry one: CSV and JSON rows leave it out and cost nothing more.
 */
export interface MailSource {
  /** The file in a zip the message was in (a Maildir file, an .eml); null: the upload itself. */
  file: string | null;
  /** 1-based position of the message in the mailbox (also the row's `line`). */
  messageNo: number;
  /** The bounced message's own Subject, Message-ID and Date (from its returned headers). */
  subject: string | null;
  messageId: string | null;
  sentAt: Date | null;
  /** The bounce email as received, up to MAX_RAW_MAIL characters. */
  raw: string;
  /** The raw message was longer than MAX_RAW_MAIL and was cut. */
  rawCut: boolean;
}

/** Longest bounce email kept with its bounce (plain text). */
export const MAX_RAW_MAIL = 64 * 1024;

/** A spam complaint (an ARF feedback-loop report), kept apart from bounces. */
export interface ComplaintRecord {
  email: string;
  feedbackType: string;
  reporter: string | null;
  occurredAt: Date | null;
  subject: string | null;
  messageId: string | null;
  /** The file in a zip the report was in; null: the upload itself (its message number is the row's line). */
  file: string | null;
}

export type MappedRow =
  | { kind: "bounce"; line: number; record: BounceRecord; mail?: MailSource }
  /** A complaint (feedback-loop report): counted and stored as a complaint, never as a bounce. */
  | { kind: "complaint"; line: number; complaint: ComplaintRecord }
  /**
   * Not a bounce (a delivery record, a complaint, a message the platform itself never sent): counted
   * as skipped, not rejected. `reason` is the same few words for every row of its kind: the import
   * page counts rows per reason.
   */
  | { kind: "skip"; line: number; reason: string }
  /** A row that cannot be used: reported to the user with its line and reason. */
  | { kind: "reject"; line: number; reason: string; column: string | null; raw: string };

export interface RowBatch {
  rows: MappedRow[];
  /** Bytes of the file consumed so far, for progress. */
  bytesRead: number;
}

/** Which column holds which field, for layouts Rebound does not know (chosen by the user). */
export interface ColumnMapping {
  email: string;
  date?: string | null;
  status?: string | null;
  replyCode?: string | null;
  diagnostic?: string | null;
  category?: string | null;
  name?: string | null;
  phone?: string | null;
  company?: string | null;
}

export { ImportFileError, type FileErrorCode } from "../errors";

export interface OpenedFile {
  /** Format id, e.g. "powermta", "generic", "sendgrid". */
  format: string;
  /** Human name of the format, e.g. "PowerMTA / Mailrelay accounting". */
  formatLabel: string;
  header: string[];
  /** Column (or JSON field) the dates are read from; null when the file has none. */
  dateColumn: string | null;
  batches: AsyncIterable<RowBatch>;
}

export type RowSink = (row: MappedRow) => void;

/** A bounce export being read row by row (openBounceRows). */
export interface BounceRows {
  format: string;
  formatLabel: string;
  header: string[];
  /** Column (or JSON field) the dates are read from; null when the file has none. */
  dateColumn: string | null;
  /** Bytes of the file read so far: the same for every row a pull gives. */
  readonly bytesRead: number;
  /** Reads on, giving the rows found to the sink; false once the file is finished. */
  pull(): Promise<boolean>;
  /** Closes the file (also when not finished). */
  close(): Promise<void>;
}
