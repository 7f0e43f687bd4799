export { openBounceFile, previewBounceFile, type BounceFilePreview, type OpenBounceFileOptions } from "./open";
export { normalizeEmail, type NormalizedEmail } from "./email";
export { parseDate, type DateOptions } from "./dates";
export { extractStatus, extractReplyCode, parseReplyCode, stripSmtpPrefix } from "./smtp";
export { FORMATS, detectFormat, formatLabel, getFormat } from "./registry";
export { createMappedFormat, missingMappedColumns } from "./mapped";
export { normalizeHeaderName, type BounceFormat, type RowMapper } from "./format";
export { detectEventReader, EVENT_READERS, getEventReader, type EventReader } from "./events";
export * from "./types";
