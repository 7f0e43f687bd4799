/**
 * An error that knows the answer it deserves: any layer may throw one, and every API route answers
 * it as the one JSON error shape (lib/http.ts `guarded`). A leaf module, so every layer can import it.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Why a whole uploaded file cannot be imported (the readers in lib/csv and lib/formats throw these). */
export type FileErrorCode =
  | "empty-file"
  | "not-text"
  | "no-rows"
  /** Recognisably something else (an audience of subscribed people, a contact list): never imported as bounces. */
  | "not-bounces"
  /** A zip with no bounce export in it (or several). */
  | "nothing-to-import"
  | "unknown-layout"
  | "unreadable"
  | "upload-incomplete";

/** The whole file cannot be imported. The message names the problem in words a user understands. */
export class ImportFileError extends Error {
  constructor(
    public readonly code: FileErrorCode,
    message: string,
    /** For "unknown-layout": the header and first rows, so the UI can offer a column-mapping step. */
    public readonly preview?: { header: string[]; rows: string[][] },
    /** For "not-bounces": what the file is, in a few words ("Mailchimp's subscribed contacts"). */
    public readonly what?: string,
  ) {
    super(message);
    this.name = "ImportFileError";
  }
}
