export { openBounceFile, previewBounceFile, type BounceFilePreview, type OpenBounceFileOptions } from "./open";
export { normalizeEmail, type NormalizedEmail } from "./email";
export { parseDate, type DateOptions } from "./dates";
export { extractStatus, extractReplyCode, parseReplyCode, stripSmtpPrefix } from "./smtp";
export { FORMATS, detectFormat, getFormat } from "./registry";
export { createMappedFormat, missingMappedColumns } from "./mapped";
export { normalizeHeaderName, type BounceFormat, type RowMapper } from "./format";
export { NO_REASON_NOTE } from "./record";
export * from "./types";
