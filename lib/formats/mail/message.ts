/**
 * One bounce email → its rows: a bounce per failed recipient, a complaint for a feedback-loop
 * report, or one skip (a delay warning, an auto-reply, anything else that is no bounce). The MIME is
 * read by postal-mime under tight limits; the report fields by ./dsn, the text by ./text-bounces.
 * An unreadable message is a reject row naming the message, never an error for the whole file.
 */
import { isUtf8 } from "node:buffer";
import PostalMime, { decodeWords as decodeMimeWords } from "postal-mime";
import type { Attachment, Email } from "postal-mime";
import { categoryFrom, buildBounceRow, reject } from "../record";
import { extractStatus } from "../smtp";
import { parseDate } from "../dates";
import { MAX_RAW_MAIL, type MailSource, type MappedRow } from "../types";
import { bareAddress, field, readDeliveryStatus, readFieldBlocks, type DsnFields } from "./dsn";
import { readTextBounce, returnedCopy, type TextBounce } from "./text-bounces";

/** Limits given to postal-mime: a bounce is a few parts, a few levels deep. */
const PARSE_LIMITS = { maxNestingDepth: 24, maxPartCount: 300, maxHeadersSize: 512 * 1024, maxRfc822NestingDepth: 0 } as const;
/** Text of the body the extractors read: the reason is at the top, the rest is the returned message. */
const MAX_BODY_TEXT = 256 * 1024;
/** Bytes of a returned message read for its headers. */
const MAX_ORIGINAL_HEAD = 64 * 1024;

export const REASON_DELAY = "delay report";
export const REASON_AUTO_REPLY = "auto-reply";
export const REASON_NOT_BOUNCE = "not a bounce";

export interface MailMessage {
  /** The message's bytes (cut at the reader's cap when `cut`). */
  bytes: Buffer;
  messageNo: number;
  /** The zip member it came from, or null. */
  file: string | null;
  /** The message was longer than the reader keeps; only its beginning is in `bytes`. */
  cut: boolean;
}

function decodeText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(isUtf8(bytes) ? "utf8" : "latin1");
}

/** The message as text for people to read: at most MAX_RAW_MAIL characters. */
function rawText(m: MailMessage): { raw: string; rawCut: boolean } {
  const head = m.bytes.subarray(0, MAX_RAW_MAIL * 4);
  let raw = decodeText(head);
  let rawCut = m.cut || head.length < m.bytes.length;
  if (raw.length > MAX_RAW_MAIL) {
    raw = raw.slice(0, MAX_RAW_MAIL);
    rawCut = true;
  }
  return { raw, rawCut };
}

function header(email: Email, name: string): string | null {
  const h = email.headers.find((x) => x.key === name);
  return h ? h.value.trim() : null;
}

function contentOf(a: Attachment): Uint8Array {
  if (typeof a.content === "string") return Buffer.from(a.content, a.encoding === "base64" ? "base64" : "utf8");
  return a.content instanceof Uint8Array ? a.content : new Uint8Array(a.content);
}

/** The unfolded header fields of a message's (or a text/rfc822-headers part's) header section. */
function readHeaderBlock(bytes: Uint8Array): DsnFields {
  const text = decodeText(bytes.subarray(0, MAX_ORIGINAL_HEAD));
  const end = text.search(/\r?\n\r?\n/);
  return readFieldBlocks(end === -1 ? text : text.slice(0, end), 1)[0] ?? new Map();
}

function decodeWords(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    return decodeMimeWords(value).trim() || null;
  } catch {
    return value.trim() || null;
  }
}

interface Original {
  subject: string | null;
  messageId: string | null;
  sentAt: Date | null;
  to: string | null;
}

const ORIGINAL_TYPES = ["message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers"];
const DSN_TYPES = ["message/delivery-status", "message/global-delivery-status"];

/** The bounced message's headers: a returned message part, else the copy quoted in the text. */
function originalOf(email: Email, text: string): Original | null {
  const part = email.attachments.find((a) => ORIGINAL_TYPES.includes(a.mimeType));
  const copy = part ? null : returnedCopy(text);
  if (!part && !copy) return null;
  const h = readHeaderBlock(part ? contentOf(part) : Buffer.from(copy!.slice(0, MAX_ORIGINAL_HEAD)));
  if (h.size === 0) return null;
  const date = h.get("date");
  return {
    subject: decodeWords(h.get("subject")),
    messageId: h.get("message-id")?.trim() || null,
    sentAt: date ? parseMailDate(date) : null,
    to: bareAddress(h.get("to") ?? null),
  };
}

/** RFC 5322 dates ("Mon, 7 Dec 2026 10:00:00 +0100"); null when unreadable. */
export function parseMailDate(value: string | null): Date | null {
  if (!value) return null;
  const t = value.replace(/\([^)]*\)/g, "").trim();
  const ms = Date.parse(t);
  if (!Number.isNaN(ms)) return new Date(ms);
  return parseDate(t);
}

function isAutoReply(email: Email): boolean {
  const auto = header(email, "auto-submitted");
  if (auto && /auto-replied/i.test(auto)) return true;
  if (header(email, "x-autoreply") || header(email, "x-autorespond") || header(email, "x-auto-response-suppress")?.match(/oof/i)) return true;
  if (
    /^(?:auto(?:matic)? ?reply|auto:|out of (?:the )?office|autoreply|abwesend|abwesenheit|absence|r[ée]ponse automatique|respuesta autom[áa]tica|fuera de la oficina|vacation|自動応答|自动回复|不在)/i.test(
      email.subject?.trim() ?? "",
    )
  )
    return true;
  return /^(?:auto_reply|vacation)$/i.test(header(email, "precedence") ?? "") && !/mailer-daemon|postmaster/i.test(header(email, "from") ?? "");
}

function bounceRow(
  m: MailMessage,
  mail: MailSource,
  v: { email: string; date: Date | null; status: string | null; diagnostic: string | null; remoteMta: string | null; category: string | null },
): MappedRow {
  const row = buildBounceRow(
    { email: v.email, status: v.status, diagnostic: v.diagnostic, remoteMta: v.remoteMta, category: categoryFrom(v.category) },
    m.messageNo,
    { emailColumn: "Final-Recipient", dateColumn: null, dayFirst: true },
    `message ${m.messageNo}: ${v.email}`,
  );
  if (row.kind === "bounce") {
    row.record.occurredAt = v.date;
    row.mail = mail;
  } else if (row.kind === "reject") row.reason = `message ${m.messageNo}: ${row.reason}`;
  return row;
}

/** A bounce forwarded as an attachment is read inside its forward; no deeper. */
const MAX_FORWARD_DEPTH = 1;

/** The rows one message gives. Never throws: an unreadable message is a reject row. */
export async function readMailMessage(m: MailMessage, depth = 0): Promise<MappedRow[]> {
  const { raw, rawCut } = rawText(m);
  let email: Email;
  try {
    email = await PostalMime.parse(m.bytes, { ...PARSE_LIMITS, forceRfc822Attachments: true, attachmentEncoding: "arraybuffer" });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return [reject(m.messageNo, `message ${m.messageNo} could not be read as an email (${why})`, null, raw.slice(0, 2000))];
  }
  if (email.headers.length === 0 || !email.headers.some((h) => ["from", "date", "subject", "received", "return-path", "message-id", "to"].includes(h.key))) {
    return [reject(m.messageNo, `message ${m.messageNo} is not an email (it has no mail headers)`, null, raw.slice(0, 2000))];
  }
  const messageDate = parseMailDate(header(email, "date"));
  const text = (email.text || htmlToText(email.html ?? "") || (email.attachments.length === 0 ? unsplitBody(m.bytes) : "")).slice(0, MAX_BODY_TEXT);
  const original = originalOf(email, text);
  const mail: MailSource = {
    file: m.file,
    messageNo: m.messageNo,
    subject: original?.subject ?? null,
    messageId: original?.messageId ?? null,
    sentAt: original?.sentAt ?? null,
    raw,
    rawCut,
  };

  const feedback = email.attachments.find((a) => a.mimeType === "message/feedback-report");
  if (feedback) return [complaintRow(m, email, feedback, original, messageDate)];

  const dsnPart = email.attachments.find((a) => DSN_TYPES.includes(a.mimeType));
  const failedRecipients = (header(email, "x-failed-recipients") ?? "").split(/[,\s]+/).filter((a) => a.includes("@"));
  const own = new Set((email.to ?? []).map((a) => a.address?.toLowerCase()).filter((a): a is string => !!a));
  let verdict: ReturnType<typeof readTextBounce> | undefined;
  const readText = () => {
    verdict ??= readTextBounce(text, { from: header(email, "from") ?? "", subject: email.subject ?? "", failedRecipients, own });
    return verdict;
  };
  if (dsnPart) {
    const rows = dsnRows(m, mail, decodeText(contentOf(dsnPart)), messageDate, email, readText);
    if (rows) return rows;
  }
  const notBounce: MappedRow = { kind: "skip", line: m.messageNo, reason: isAutoReply(email) ? REASON_AUTO_REPLY : REASON_NOT_BOUNCE };
  if (isPersonsReply(email)) return [notBounce];

  const v = readText();
  if (v) {
    if (v.delayed) return [{ kind: "skip", line: m.messageNo, reason: REASON_DELAY }];
    return v.bounces.map((b: TextBounce) =>
      bounceRow(m, mail, { email: b.email, date: messageDate, status: null, diagnostic: b.diagnostic, remoteMta: b.remoteMta, category: null }),
    );
  }
  if (depth < MAX_FORWARD_DEPTH) {
    const forwarded = await forwardedBounce(m, email, mail, depth);
    if (forwarded) return forwarded;
  }
  return [notBounce];
}

/** Senders of bounces and other machine notices, by their address or name. */
const MAIL_SYSTEM = /mailer-daemon|mailer_daemon|postmaster|mail delivery|mdaemon|daemon@|bounce|no-?reply/i;

/**
 * A person's reply ("RE: Undeliverable: …", quoting the bounce they got): the words of a bounce,
 * but no bounce. Machines do not prefix a subject with "Re:".
 */
function isPersonsReply(email: Email): boolean {
  return /^\s*(?:re|aw|sv|antw|odp|rif|res|vs|ynt)\s*:/i.test(email.subject ?? "") && !MAIL_SYSTEM.test(header(email, "from") ?? "");
}

/**
 * A bounce forwarded as an attached message (a sending platform's bounce forwarding, a person's
 * "forward as attachment"): the attachment's bounces, shown with the forward itself; null when no
 * attached message is one.
 */
async function forwardedBounce(m: MailMessage, email: Email, mail: MailSource, depth: number): Promise<MappedRow[] | null> {
  for (const a of email.attachments) {
    if (a.mimeType !== "message/rfc822" && a.mimeType !== "message/global") continue;
    const inner = await readMailMessage({ bytes: Buffer.from(contentOf(a)), messageNo: m.messageNo, file: m.file, cut: false }, depth + 1);
    if (inner.some((r) => r.kind === "bounce")) {
      for (const r of inner) if (r.kind === "bounce" && r.mail) r.mail = { ...r.mail, file: mail.file, raw: mail.raw, rawCut: mail.rawCut };
      return inner;
    }
    if (inner.length === 1 && inner[0].kind === "skip" && inner[0].reason === REASON_DELAY) return inner;
  }
  return null;
}

/**
 * A delivery-status report's failed recipients; null when it names none that failed nor any
 * delayed (then the text is read instead).
 */
function dsnRows(
  m: MailMessage,
  mail: MailSource,
  text: string,
  messageDate: Date | null,
  email: Email,
  readText: () => ReturnType<typeof readTextBounce>,
): MappedRow[] | null {
  const dsn = readDeliveryStatus(text);
  const category = field(dsn.message, "x-powermta-bouncecategory");
  const rows: MappedRow[] = [];
  let delayed = 0;
  let other = 0;
  for (const r of dsn.recipients) {
    const action = (field(r, "action") ?? "").toLowerCase();
    if (action.startsWith("delayed")) {
      delayed++;
      continue;
    }
    // "delivered", "relayed", "expanded": a success notice for that recipient, not a bounce.
    if (action && !action.startsWith("failed")) {
      other++;
      continue;
    }
    const address =
      bareAddress(field(r, "final-recipient")) ??
      bareAddress(field(r, "original-recipient")) ??
      bareAddress(header(email, "x-failed-recipients")) ??
      (dsn.recipients.length === 1 ? (readText()?.bounces[0]?.email ?? null) : null);
    if (!address) {
      rows.push(
        reject(
          m.messageNo,
          `message ${m.messageNo}: a failed recipient has no address (no Final-Recipient or Original-Recipient)`,
          "Final-Recipient",
          mail.raw.slice(0, 2000),
        ),
      );
      continue;
    }
    const date = parseMailDate(field(r, "last-attempt-date")) ?? messageDate;
    // "mx.example.com (203.0.113.7)": the host name is enough.
    const mta = field(r, "remote-mta")?.split(/\s+/)[0] ?? null;
    // A report without a Diagnostic-Code (Haraka's) leaves the server's reply to its text.
    const diagnostic = field(r, "diagnostic-code") ?? textDiagnostic(readText(), address, dsn.recipients.length === 1);
    rows.push(
      bounceRow(m, mail, {
        email: address,
        date,
        status: preciseStatus(field(r, "status"), diagnostic),
        diagnostic,
        remoteMta: mta,
        category: field(r, "x-powermta-bouncecategory") ?? category,
      }),
    );
  }
  if (rows.length > 0) return rows;
  if (delayed > 0) return [{ kind: "skip", line: m.messageNo, reason: REASON_DELAY }];
  if (other > 0) return [{ kind: "skip", line: m.messageNo, reason: REASON_NOT_BOUNCE }];
  return null;
}

/** The reply the text gives for this address (or for the report's only recipient). */
function textDiagnostic(v: ReturnType<typeof readTextBounce>, address: string, only: boolean): string | null {
  const b = v?.bounces.find((x) => x.email.toLowerCase() === address.toLowerCase()) ?? (only ? v?.bounces[0] : undefined);
  return b?.diagnostic ?? null;
}

/**
 * A report's Status when it says something; a generic "5.0.0" gives way to the precise code the
 * server wrote in its reply ("550 5.1.1 …"), of the same class: what the server said beats the
 * reporting MTA's guess.
 */
export function preciseStatus(status: string | null, diagnostic: string | null): string | null {
  const own = extractStatus(status);
  const said = extractStatus(diagnostic);
  if (!own) return said ?? status;
  if (said && /^\d\.0\.0$/.test(own) && said[0] === own[0] && said !== own) return said;
  return own;
}

function complaintRow(m: MailMessage, email: Email, part: Attachment, original: Original | null, messageDate: Date | null): MappedRow {
  const fields = readFieldBlocks(decodeText(contentOf(part)), 1)[0] ?? new Map();
  const address = bareAddress(field(fields, "original-rcpt-to")) ?? bareAddress(field(fields, "removal-recipient")) ?? original?.to ?? null;
  if (!address) {
    return reject(
      m.messageNo,
      `message ${m.messageNo}: a complaint report that names no recipient (no Original-Rcpt-To, no To in the returned message)`,
      "Original-Rcpt-To",
      "",
    );
  }
  // Who reported it: the feedback loop's software and host (Reported-Domain names the sender complained about, not them).
  const said = [field(fields, "user-agent"), field(fields, "reporting-mta")].filter((x) => x !== null).join(" · ");
  const reporter = said || (bareAddress(header(email, "from"))?.split("@")[1] ?? null);
  return {
    kind: "complaint",
    line: m.messageNo,
    complaint: {
      email: address,
      feedbackType: (field(fields, "feedback-type") ?? "abuse").toLowerCase(),
      reporter,
      occurredAt: parseMailDate(field(fields, "arrival-date") ?? field(fields, "received-date")) ?? messageDate,
      subject: original?.subject ?? null,
      messageId: original?.messageId ?? null,
      file: m.file,
    },
  };
}

/**
 * The body as plain text, for a multipart whose boundary never appears (postal-mime then gives no
 * part at all): the MTA's words are still there, between the header and the end.
 */
function unsplitBody(bytes: Buffer): string {
  const head = bytes.subarray(0, MAX_ORIGINAL_HEAD).toString("latin1");
  const m = /\r?\n\r?\n/.exec(head);
  return m ? decodeText(bytes.subarray(m.index + m[0].length, m.index + m[0].length + MAX_BODY_TEXT)) : "";
}

/**
 * An HTML-only bounce, as text for the extractors (never shown: the raw message is what people see).
 * One pass, no regex over the whole: tags dropped, script and style content skipped.
 */
function htmlToText(html: string): string {
  const src = html.slice(0, MAX_BODY_TEXT * 2);
  let out = "";
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf("<", i);
    if (lt === -1) {
      out += src.slice(i);
      break;
    }
    out += src.slice(i, lt);
    const gt = src.indexOf(">", lt);
    if (gt === -1) break;
    const tag = src.slice(lt + 1, Math.min(gt, lt + 12)).toLowerCase();
    if (/^(br|\/p|\/div|\/tr|\/li|\/h\d)\b/.test(tag)) out += "\n";
    const skip = /^(script|style)\b/.exec(tag);
    if (skip) {
      const close = src.toLowerCase().indexOf(`</${skip[1]}`, gt);
      i = close === -1 ? src.length : close;
      continue;
    }
    i = gt + 1;
  }
  return out
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}
