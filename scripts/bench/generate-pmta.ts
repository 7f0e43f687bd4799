/**
 * Writes a synthetic PowerMTA accounting file (the 23-column default header, all bounce records)
 * with realistic replies and about 5,000 recipient domains, for the ingest benchmark.
 * Usage: tsx scripts/bench/generate-pmta.ts OUT.csv [ROWS=1000000]
 */
import fs from "node:fs";

const HEADER =
  "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool";

// [bounceCat, dsnStatus, diagnostic template]; {e} is the address, {d} the domain, {n} a number.
const REPLIES: [string, string, string][] = [
  ["bad-mailbox", "5.1.1 (bad destination mailbox address)", "smtp;550-5.1.1 The email account that you tried to reach does not exist. {n} - gsmtp"],
  ["bad-mailbox", "5.1.1 (bad destination mailbox address)", "smtp;550 5.1.1 <{e}>: Recipient address rejected: User unknown"],
  ["bad-mailbox", "5.1.10 (bad destination mailbox address)", "smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found by SMTP address lookup"],
  ["bad-domain", "5.1.2 (bad destination system address)", "smtp;550 5.1.2 Host or domain name not found: {d}"],
  ["inactive-mailbox", "5.2.1 (mailbox disabled, not accepting messages)", "smtp;550 5.2.1 The email account that you tried to reach is disabled. {n} - gsmtp"],
  ["quota-issues", "5.2.2 (mailbox full)", "smtp;552 5.2.2 The email account that you tried to reach is over quota. {n} - gsmtp"],
  ["quota-issues", "4.2.2 (mailbox full)", "smtp;452 4.2.2 Mailbox full: {e}"],
  [
    "spam-related",
    "5.7.1 (delivery not authorized, message refused)",
    "smtp;554 5.7.1 Service unavailable; Client host [192.0.2.{n}] blocked using zen.spamhaus.org",
  ],
  ["spam-related", "5.7.1 (delivery not authorized, message refused)", "smtp;550 5.7.1 [192.0.2.{n}] Message likely unsolicited mail"],
  [
    "policy-related",
    "5.7.26 (delivery not authorized, message refused)",
    "smtp;550 5.7.26 This mail is unauthenticated (DMARC policy of the sender domain). {n} - gsmtp",
  ],
  ["content-related", "5.7.0 (other or undefined security status)", "smtp;554 5.7.0 Message content rejected, UBE, id={n}"],
  ["message-expired", "4.4.7 (delivery time expired)", "smtp;421 4.4.7 Message expired: retry timeout exceeded"],
  ["no-answer-from-host", "4.4.1 (no answer from host)", "smtp;421 4.4.1 Connection timed out to mx.{d}"],
  ["bad-connection", "4.4.2 (bad connection)", "smtp;421 4.4.2 Connection dropped by mx.{d}"],
  ["routing-errors", "5.4.6 (routing loop detected)", "smtp;554 5.4.6 Hop count exceeded - possible mail loop"],
  ["relaying-issues", "5.7.1 (delivery not authorized, message refused)", "smtp;554 5.7.1 <{e}>: Relay access denied"],
  ["bad-configuration", "5.3.5 (system incorrectly configured)", "smtp;554 5.3.5 Local configuration error on mx.{d}"],
  ["protocol-errors", "5.5.2 (syntax error)", "smtp;500 5.5.2 Syntax error, command unrecognized"],
  ["virus-related", "5.7.1 (delivery not authorized, message refused)", "smtp;554 5.7.1 Message rejected: virus found in attachment (Win.Trojan.Agent-{n})"],
  ["other", "5.0.0 (other or undefined status)", "smtp;550 5.0.0 Message rejected for unspecified reasons ({n})"],
];

const FIRST = ["laura", "elena", "lucia", "irene", "luis", "carlos", "marta", "pablo", "ana", "jorge", "sofia", "david", "paula", "diego", "sara"];
const LAST = ["garcia", "lopez", "diaz", "fernandez", "martinez", "sanchez", "perez", "gomez", "ruiz", "moreno"];
const TLDS = ["com", "es", "net", "org", "de", "fr", "it", "com.mx", "co.uk"];

export interface GenerateOptions {
  domains?: number;
  /** Starts every address: another prefix, other subscribers (same domains and replies). */
  prefix?: string;
  /** The first bounce's time (ms); one bounce a second after it. */
  start?: number;
  /** Add the rows to the end of an existing file, without a header. */
  append?: boolean;
}

export function generatePmta(out: string, rows: number, options: GenerateOptions = {}): void {
  const { domains = 5000, prefix = "", start = Date.UTC(2026, 9, 1), append = false } = options;
  const fd = fs.openSync(out, append ? "a" : "w");
  let buf = append ? "" : HEADER + "\n";
  for (let i = 0; i < rows; i++) {
    // Each company keeps one TLD, so the file has `domains` distinct domains (not domains × TLDs).
    const k = i % domains;
    const d = `company${k}.${TLDS[k % TLDS.length]}`;
    const e = `${prefix}${FIRST[i % FIRST.length]}.${LAST[(i >> 4) % LAST.length]}${i}@${d}`;
    const [cat, status, template] = REPLIES[(i * 7919) % REPLIES.length];
    const diag = template
      .replaceAll("{e}", e)
      .replaceAll("{d}", d)
      .replaceAll("{n}", String((i * 31) % 1000));
    const t = new Date(start + i * 1000).toISOString().replace("T", " ").slice(0, 19) + "+0000";
    // Bounces that never reached a connection leave the delivery columns empty, as PowerMTA does; timeQueued is
    // left empty too, so a 1,000,000-row file is ~230 MB (the replies above are shortened for the same reason).
    buf += `b,${t},,news@example.com,${e},,failed,${status.slice(0, status.indexOf(" "))},"${diag.replaceAll('"', '""')}",mx.${d},${cat},smtp,,smtp,,,,,vmta1,c2026,,,pool1\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = "";
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

if (process.argv[1] && /generate-pmta/.test(process.argv[1])) {
  const [out, rows] = process.argv.slice(2);
  if (!out) {
    console.error("Usage: tsx scripts/bench/generate-pmta.ts OUT.csv [ROWS]");
    process.exit(2);
  }
  generatePmta(out, Number(rows ?? 1_000_000));
  console.log(`Wrote ${out}`);
}
