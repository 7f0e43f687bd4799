/** Helpers that pull SMTP facts out of the free text servers reply with. */

const SMTP_PREFIX = /^\s*smtp\s*;\s*/i;
// An enhanced status code (RFC 3463) not embedded in a longer dotted number such as an IP address.
const ENHANCED_STATUS = /(?<![\w.])([245])\.(\d{1,3})\.(\d{1,3})(?!\w|\.\d)/;
const LEADING_REPLY = /^\s*([245]\d\d)(?![\d.])/;
// "… 550 5.1.1 …" or "… 550-5.1.1 …" further into the text: a reply code followed by a status.
const EMBEDDED_REPLY = /(?<![\w.])([245]\d\d)[ -][245]\.\d{1,3}\.\d{1,3}(?!\w|\.\d)/;

/** Drops the DSN diagnostic-type "smtp;" that PowerMTA and SES put before the server's words. */
export function stripSmtpPrefix(text: string): string {
  return SMTP_PREFIX.test(text) ? text.replace(SMTP_PREFIX, "") : text;
}

/** "5.1.1 (bad destination mailbox address)" or "smtp;550 5.1.1 User unknown" → "5.1.1". */
export function extractStatus(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = ENHANCED_STATUS.exec(text);
  return m ? `${m[1]}.${Number(m[2])}.${Number(m[3])}` : null;
}

/** SMTP reply code at the start of a server reply ("550-5.1.1 …", "smtp;554 …"), or null. */
export function extractReplyCode(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = stripSmtpPrefix(text);
  const m = LEADING_REPLY.exec(t) ?? EMBEDDED_REPLY.exec(t);
  return m ? Number(m[1]) : null;
}

/** A column that should hold a reply code: "550", " 550 ", "550 5.1.1". */
export function parseReplyCode(value: string | null | undefined): number | null {
  if (!value) return null;
  const m = LEADING_REPLY.exec(value);
  return m ? Number(m[1]) : null;
}
