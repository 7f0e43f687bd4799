import { jsonError } from "@/lib/http";
import { CorrectionError } from "@/lib/queries/corrections";

const STATUS = { "not-found": 404, invalid: 400, busy: 409 } as const;

/** A CorrectionError as the API's error shape; anything else is rethrown. */
export function correctionErrorResponse(error: unknown): Response {
  if (error instanceof CorrectionError) return jsonError(STATUS[error.code], error.code, error.message);
  throw error;
}
