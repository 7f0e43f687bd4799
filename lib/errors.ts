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
