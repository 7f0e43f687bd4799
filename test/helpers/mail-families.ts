/**
 * Table-driven bounce emails, written for Rebound's tests from knowledge of each MTA's bounce
 * template (see test/fixtures/mail/SOURCES.md): per family a template, fed varied recipients,
 * statuses, replies and encodings, with the fields the reader must find. Deterministic: message i
 * of a family is always the same bytes, so the benchmark's mbox can be built from it too.
 */

export interface ExpectedRecipient {
  email: string;
  /** The exact enhanced code the message carries, or null when it carries none. */
  status: string | null;
}

export type Expected =
  | { kind: "bounce"; recipients: ExpectedRecipient[] }
  | { kind: "skip"; reason: "delay report" | "auto-reply" | "not a bounce" }
  | { kind: "complaint"; email: string; feedbackType: string };

export interface GeneratedMail {
  family: string;
  name: string;
  raw: Buffer;
  expected: Expected;
}

interface Reply {
  status: string;
  code: number;
  text: string;
}

const LOCALS = ["ana.lopez", "j.smith", "kenji", "li.wei", "m_rossi", "o'brien", "info+news", "x", "anna-maria", "t.nguyen", "bob", "sales.team"];
const DOMAINS = ["correo.example", "example.com", "postfach.example", "mail.example.org", "example.net", "kaisha.example.jp", "gongsi.example.cn"];
const REPLIES: Reply[] = [
  { status: "5.1.1", code: 550, text: "Recipient address rejected: User unknown in virtual mailbox table" },
  { status: "5.2.2", code: 552, text: "Mailbox full: quota exceeded" },
  { status: "5.7.1", code: 554, text: "Message rejected as spam by Content Filtering" },
  { status: "5.1.10", code: 550, text: "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup" },
  { status: "5.2.1", code: 550, text: "The email account that you tried to reach is disabled" },
  { status: "5.7.26", code: 550, text: "Unauthenticated email from sender.example is not accepted due to domain's DMARC policy" },
  { status: "5.4.1", code: 550, text: "Recipient address rejected: Access denied" },
  { status: "5.1.2", code: 550, text: "Host or domain name not found" },
  { status: "5.7.0", code: 421, text: "Too many connections, try again later" },
  { status: "5.3.4", code: 552, text: "Message size exceeds fixed maximum message size" },
];
const DATES = ["Mon, 7 Dec 2026 10:00:00 +0100", "Tue, 17 Nov 2026 08:15:42 -0500", "Fri, 4 Dec 2026 23:59:01 +0900", "Sun, 6 Dec 2026 12:30:00 +0000"];

const pick = <T>(list: readonly T[], i: number) => list[i % list.length];
const recipient = (i: number, k = 0) => `${pick(LOCALS, i * 3 + k * 5)}${k > 0 ? k : ""}@${pick(DOMAINS, i + k * 2)}`;
const reply = (i: number, k = 0) => pick(REPLIES, i + k * 3);
/** "550 5.1.1 <a@b>: …": an SMTP reply as servers write it. */
const said = (r: Reply, email: string) => `${r.code === 421 ? 550 : r.code} ${r.status} <${email}>: ${r.text}`;

const qp = (s: string) =>
  Buffer.from(s, "utf8")
    .toString("latin1")
    .replace(/[=\x80-\xff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
const b64 = (b: Buffer) => b.toString("base64").replace(/(.{76})/g, "$1\n");

function originalHeaders(i: number, to: string): string {
  return [
    "Return-Path: <news@sender.example>",
    `Message-ID: <gen-${i}.${to.length}@sender.example>`,
    `Date: ${pick(DATES, i + 1)}`,
    "From: Sender News <news@sender.example>",
    `To: ${to}`,
    `Subject: Your December newsletter #${i}`,
  ].join("\n");
}

interface DsnRecipient {
  email: string;
  action: string;
  status: string;
  diagnostic?: string;
  remoteMta?: string;
}

/** A multipart/report (RFC 3464) with the given human text, reporting MTA and recipients. */
function dsnMessage(o: {
  i: number;
  from: string;
  subject: string;
  reportingMta: string;
  human: string;
  humanEncoding?: "7bit" | "quoted-printable" | "base64";
  recipients: DsnRecipient[];
  extraPerMessage?: string[];
  returned?: "headers" | "message" | "none";
  globalDsn?: boolean;
}): string {
  const boundary = `=_gen_${o.i}_${o.reportingMta.length}`;
  const enc = o.humanEncoding ?? "7bit";
  const humanBody = enc === "quoted-printable" ? qp(o.human) : enc === "base64" ? b64(Buffer.from(o.human, "utf8")) : o.human;
  const perMessage = [`Reporting-MTA: dns; ${o.reportingMta}`, ...(o.extraPerMessage ?? []), `Arrival-Date: ${pick(DATES, o.i)}`];
  const perRecipient = o.recipients.map((r) =>
    [
      `Final-Recipient: rfc822; ${r.email}`,
      `Original-Recipient: rfc822;${r.email}`,
      `Action: ${r.action}`,
      `Status: ${r.status}`,
      ...(r.remoteMta ? [`Remote-MTA: dns; ${r.remoteMta}`] : []),
      ...(r.diagnostic ? [`Diagnostic-Code: smtp; ${r.diagnostic}`] : []),
    ].join("\n"),
  );
  const returned = o.returned ?? "headers";
  const parts = [
    `--${boundary}\nContent-Description: Notification\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: ${enc}\n\n${humanBody}\n`,
    `--${boundary}\nContent-Description: Delivery report\nContent-Type: message/${o.globalDsn ? "global-" : ""}delivery-status\n\n${perMessage.join("\n")}\n\n${perRecipient.join("\n\n")}\n`,
  ];
  if (returned === "headers") {
    parts.push(
      `--${boundary}\nContent-Description: Undelivered Message Headers\nContent-Type: text/rfc822-headers\n\n${originalHeaders(o.i, o.recipients[0].email)}\n`,
    );
  } else if (returned === "message") {
    parts.push(`--${boundary}\nContent-Type: message/rfc822\n\n${originalHeaders(o.i, o.recipients[0].email)}\n\nHello, here is our news.\n`);
  }
  return [
    `Return-Path: <>`,
    `Date: ${pick(DATES, o.i)}`,
    `From: ${o.from}`,
    `Subject: ${o.subject}`,
    "To: news@sender.example",
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status;\n\tboundary="${boundary}"`,
    `Message-Id: <dsn-${o.i}@${o.reportingMta}>`,
    "",
    "This is a MIME-encapsulated message.",
    "",
    `${parts.join("\n")}--${boundary}--`,
    "",
  ].join("\n");
}

/** A text/plain message with the given headers and body (7bit, quoted-printable or base64 in a charset). */
function textMessage(o: { i: number; from: string; subject: string; body: string; headers?: string[]; charset?: string; encoding?: string; bytes?: Buffer }) {
  const enc = o.encoding ?? "7bit";
  const body = enc === "base64" ? b64(o.bytes ?? Buffer.from(o.body, "utf8")) : enc === "quoted-printable" ? qp(o.body) : o.body;
  const head = [
    `Return-Path: <>`,
    `Date: ${pick(DATES, o.i)}`,
    `From: ${o.from}`,
    "To: news@sender.example",
    `Subject: ${o.subject}`,
    `Message-ID: <txt-${o.i}-${o.subject.length}@bounce.example>`,
    ...(o.headers ?? []),
    "MIME-Version: 1.0",
    `Content-Type: text/plain; charset=${o.charset ?? "utf-8"}`,
    `Content-Transfer-Encoding: ${enc}`,
  ];
  if (o.bytes && enc !== "base64") return Buffer.concat([Buffer.from(`${head.join("\n")}\n\n`, "latin1"), o.bytes, Buffer.from("\n")]);
  return Buffer.from(`${head.join("\n")}\n\n${body}\n`, "utf8");
}

const bounce = (recipients: ExpectedRecipient[]): Expected => ({ kind: "bounce", recipients });
const count = (i: number) => 1 + (i % 3);

/** Reverse tables for the East Asian charsets, built from Node's own decoders (no encoder ships with it). */
let jisTable: Map<string, [number, number]> | null = null;
let gbTable: Map<string, [number, number]> | null = null;
function encodeIso2022jp(text: string): Buffer {
  if (!jisTable) {
    jisTable = new Map();
    const dec = new TextDecoder("iso-2022-jp");
    for (let a = 0x21; a < 0x7f; a++)
      for (let b = 0x21; b < 0x7f; b++) {
        const ch = dec.decode(Buffer.from([0x1b, 0x24, 0x42, a, b]));
        if (ch.length === 1 && ch !== "\ufffd" && !jisTable.has(ch)) jisTable.set(ch, [a, b]);
      }
  }
  const out: number[] = [];
  let kanji = false;
  for (const ch of text) {
    const two = ch.charCodeAt(0) > 0x7f ? jisTable.get(ch) : undefined;
    if (two && !kanji) out.push(0x1b, 0x24, 0x42);
    if (!two && kanji) out.push(0x1b, 0x28, 0x42);
    kanji = !!two;
    if (two) out.push(...two);
    else out.push(...Buffer.from(ch, "latin1"));
  }
  if (kanji) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}
function encodeGb2312(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const dec = new TextDecoder("gbk");
    for (let a = 0xa1; a < 0xff; a++)
      for (let b = 0xa1; b < 0xff; b++) {
        const ch = dec.decode(Buffer.from([a, b]));
        if (ch.length === 1 && ch !== "\ufffd" && !gbTable.has(ch)) gbTable.set(ch, [a, b]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const two = ch.charCodeAt(0) > 0x7f ? gbTable.get(ch) : undefined;
    if (two) out.push(...two);
    else out.push(...Buffer.from(ch, "latin1"));
  }
  return Buffer.from(out);
}

/** A Microsoft NDR's words in the languages it is sent in (the reply itself stays as the server wrote it). */
interface MsLanguage {
  subject: string;
  delayed: string;
  intro: (email: string) => string;
  failed: string;
  diagnostic: string;
  generating: string;
  returned: (reply: string) => string;
  headers: string;
}
const MS_LANGUAGES: MsLanguage[] = [
  {
    subject: "Unzustellbar:",
    delayed: "Zustellung verzögert:",
    intro: (e) => `Ihre Nachricht an ${e} konnte nicht zugestellt werden.`,
    failed: "Fehler bei der Zustellung an folgende Empfänger oder Gruppen:",
    diagnostic: "Diagnoseinformationen für Administratoren",
    generating: "Generierender Server",
    returned: (r) => `Vom Remoteserver zurückgegeben: '${r}'`,
    headers: "Ursprüngliche Nachrichtenkopfzeilen",
  },
  {
    subject: "Non remis :",
    delayed: "Remise différée :",
    intro: (e) => `Votre message à ${e} n'a pas pu être remis.`,
    failed: "La remise a échoué pour ces destinataires ou groupes :",
    diagnostic: "Informations de diagnostic pour les administrateurs",
    generating: "Serveur de génération",
    returned: (r) => `Le serveur distant a retourné « ${r} »`,
    headers: "En-têtes de message d'origine",
  },
  {
    subject: "No se puede entregar:",
    delayed: "Entrega retrasada:",
    intro: (e) => `No se pudo entregar el mensaje a ${e}.`,
    failed: "Error en la entrega a estos destinatarios o grupos:",
    diagnostic: "Información de diagnóstico para administradores",
    generating: "Servidor de generación",
    returned: (r) => `El servidor remoto devolvió '${r}'`,
    headers: "Encabezados del mensaje original",
  },
  {
    subject: "Non recapitabile:",
    delayed: "Recapito ritardato:",
    intro: (e) => `Impossibile recapitare il messaggio a ${e}.`,
    failed: "Recapito non riuscito per i destinatari o i gruppi seguenti:",
    diagnostic: "Informazioni di diagnostica per gli amministratori",
    generating: "Server di generazione",
    returned: (r) => `Il server remoto ha restituito '${r}'`,
    headers: "Intestazioni messaggio originale",
  },
  {
    subject: "Onbestelbaar:",
    delayed: "Vertraagd:",
    intro: (e) => `Uw bericht aan ${e} kan niet worden bezorgd.`,
    failed: "Bezorging is mislukt voor deze ontvangers of groepen:",
    diagnostic: "Diagnostische gegevens voor beheerders",
    generating: "Genererende server",
    returned: (r) => `Externe server retourneerde '${r}'`,
    headers: "Oorspronkelijke berichtkoppen",
  },
  {
    subject: "Não é possível entregar:",
    delayed: "Entrega atrasada:",
    intro: (e) => `Não foi possível entregar sua mensagem para ${e}.`,
    failed: "Falha na entrega para estes destinatários ou grupos:",
    diagnostic: "Informações de diagnóstico para administradores",
    generating: "Servidor de geração",
    returned: (r) => `O servidor remoto retornou '${r}'`,
    headers: "Cabeçalhos da mensagem original",
  },
  {
    subject: "配信不能:",
    delayed: "配信の遅延:",
    intro: (e) => `${e} へのメッセージを配信できませんでした。`,
    failed: "次の受信者またはグループへの配信に失敗しました:",
    diagnostic: "管理者向けの診断情報",
    generating: "生成サーバー",
    returned: (r) => `リモート サーバーから '${r}' が返されました`,
    headers: "元のメッセージ ヘッダー",
  },
  {
    subject: "无法投递:",
    delayed: "延迟传递:",
    intro: (e) => `无法将你的邮件传递给 ${e}。`,
    failed: "未能传递到这些收件人或组:",
    diagnostic: "管理员的诊断信息",
    generating: "生成服务器",
    returned: (r) => `远程服务器返回“${r}”`,
    headers: "原始邮件头",
  },
  {
    subject: "배달되지 않음:",
    delayed: "배달 지연:",
    intro: (e) => `${e}에 메시지를 배달할 수 없습니다.`,
    failed: "다음 받는 사람 또는 그룹에 배달하지 못했습니다:",
    diagnostic: "관리자를 위한 진단 정보",
    generating: "생성 서버",
    returned: (r) => `원격 서버에서 '${r}'을(를) 반환했습니다.`,
    headers: "원본 메시지 헤더",
  },
  {
    subject: "Не доставлено:",
    delayed: "Доставка задерживается:",
    intro: (e) => `Не удалось доставить сообщение для ${e}.`,
    failed: "Не удалось доставить сообщение этим получателям или группам:",
    diagnostic: "Диагностические сведения для администраторов",
    generating: "Создающий сервер",
    returned: (r) => `Удаленный сервер вернул "${r}"`,
    headers: "Заголовки исходного сообщения",
  },
  {
    subject: "Niedostarczalne:",
    delayed: "Opóźnione:",
    intro: (e) => `Nie można dostarczyć wiadomości do ${e}.`,
    failed: "Dostarczenie do tych adresatów lub grup nie powiodło się:",
    diagnostic: "Informacje diagnostyczne dla administratorów",
    generating: "Serwer generujący",
    returned: (r) => `Serwer zdalny zwrócił „${r}”`,
    headers: "Oryginalne nagłówki wiadomości",
  },
  {
    subject: "Kan inte levereras:",
    delayed: "Leveransen är försenad:",
    intro: (e) => `Ditt meddelande till ${e} kunde inte levereras.`,
    failed: "Det gick inte att leverera till de här mottagarna eller grupperna:",
    diagnostic: "Diagnostikinformation för administratörer",
    generating: "Genererande server",
    returned: (r) => `Fjärrservern returnerade '${r}'`,
    headers: "Ursprungliga meddelandehuvuden",
  },
  {
    subject: "Undeliverable:",
    delayed: "Delivery delayed:",
    intro: (e) => `Your message to ${e} couldn't be delivered.`,
    failed: "Delivery has failed to these recipients or groups:",
    diagnostic: "Diagnostic information for administrators",
    generating: "Generating server",
    returned: (r) => `Remote server returned '${r}'`,
    headers: "Original message headers",
  },
];

type Family = { name: string; variants: number; make: (i: number) => { raw: string | Buffer; expected: Expected } };

const FAMILIES: Family[] = [
  {
    name: "postfix",
    variants: 14,
    make: (i) => {
      const rs = Array.from({ length: count(i) }, (_, k) => ({ email: recipient(i, k), r: reply(i, k) }));
      const human = `This is the mail system at host mx${i}.sender.example.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n${rs.map((x) => `<${x.email}>: host mx.${x.email.split("@")[1]}[192.0.2.${i % 250}] said: ${said(x.r, x.email)} (in reply to RCPT TO command)`).join("\n\n")}\n`;
      return {
        raw: dsnMessage({
          i,
          from: "MAILER-DAEMON@mx.sender.example (Mail Delivery System)",
          subject: "Undelivered Mail Returned to Sender",
          reportingMta: `mx${i}.sender.example`,
          human,
          humanEncoding: i % 2 ? "quoted-printable" : "7bit",
          extraPerMessage: [`X-Postfix-Queue-ID: 4F${i}A2B`, "X-Postfix-Sender: rfc822; news@sender.example"],
          recipients: rs.map((x) => ({
            email: x.email,
            action: "failed",
            status: x.r.status,
            diagnostic: said(x.r, x.email),
            remoteMta: `mx.${x.email.split("@")[1]}`,
          })),
          returned: i % 3 === 0 ? "message" : "headers",
        }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "postfix-delayed",
    variants: 6,
    make: (i) => ({
      raw: dsnMessage({
        i,
        from: "MAILER-DAEMON@mx.sender.example (Mail Delivery System)",
        subject: "Delayed Mail (still being retried)",
        reportingMta: "mx.sender.example",
        human:
          "This is the mail system at host mx.sender.example.\n\n####################################################################\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################################################\n",
        recipients: Array.from({ length: count(i) }, (_, k) => ({
          email: recipient(i, k),
          action: "delayed",
          status: "4.4.1",
          diagnostic: "X-Postfix; connect to mx.example.net[198.51.100.7]:25: Connection timed out",
        })),
      }),
      expected: { kind: "skip", reason: "delay report" },
    }),
  },
  {
    name: "exim",
    variants: 12,
    make: (i) => {
      const rs = Array.from({ length: count(i) }, (_, k) => ({ email: recipient(i + 20, k), r: reply(i + 1, k) }));
      const body = `This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n${rs.map((x) => `  ${x.email}\n    host mx.${x.email.split("@")[1]} [203.0.113.${i}]\n    SMTP error from remote mail server after RCPT TO:<${x.email}>:\n    ${said(x.r, x.email)}`).join("\n\n")}\n\n------ This is a copy of the message, including all the headers. ------\n\n${originalHeaders(i, "someone.else@example.com")}\n\nHello.\n`;
      return {
        raw: textMessage({
          i,
          from: "Mail Delivery System <Mailer-Daemon@relay.sender.example>",
          subject: "Mail delivery failed: returning message to sender",
          headers: [`X-Failed-Recipients: ${rs.map((x) => x.email).join(", ")}`, "Auto-Submitted: auto-replied"],
          body,
          encoding: i % 3 === 2 ? "quoted-printable" : "7bit",
        }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "sendmail",
    variants: 10,
    make: (i) => {
      const rs = Array.from({ length: count(i) }, (_, k) => ({ email: recipient(i + 40, k), r: reply(i + 2, k) }));
      return {
        raw: dsnMessage({
          i,
          from: "Mail Delivery Subsystem <MAILER-DAEMON@smtp.sender.example>",
          subject: "Returned mail: see transcript for details",
          reportingMta: "smtp.sender.example",
          human: `The original message was received at ${pick(DATES, i)}\nfrom localhost [127.0.0.1]\n\n   ----- The following addresses had permanent fatal errors -----\n${rs.map((x) => `<${x.email}>\n    (reason: ${x.r.code} ${x.r.status} ${x.r.text})`).join("\n")}\n\n   ----- Transcript of session follows -----\n... while talking to mx.${rs[0].email.split("@")[1]}.:\n>>> RCPT To:<${rs[0].email}>\n<<< ${said(rs[0].r, rs[0].email)}\n`,
          extraPerMessage: ["Received-From-MTA: DNS; localhost"],
          recipients: rs.map((x) => ({
            email: x.email,
            action: "failed",
            status: x.r.status,
            diagnostic: said(x.r, x.email),
            remoteMta: `mx.${x.email.split("@")[1]}`,
          })),
          returned: "message",
        }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "qmail",
    variants: 10,
    make: (i) => {
      const rs = Array.from({ length: count(i) }, (_, k) => ({ email: recipient(i + 60, k), r: reply(i + 3, k) }));
      const body = `Hi. This is the qmail-send program at mail.sender.example.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n${rs.map((x) => `<${x.email}>:\n198.51.100.${i} does not like recipient.\nRemote host said: ${said(x.r, x.email)}\nGiving up on 198.51.100.${i}.`).join("\n\n")}\n\n--- Below this line is a copy of the message.\n\n${originalHeaders(i, "other@example.org")}\n\nHi.\n`;
      return {
        raw: textMessage({ i, from: "MAILER-DAEMON@mail.sender.example", subject: "failure notice", body }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "exchange",
    variants: 12,
    make: (i) => {
      const rs = Array.from({ length: count(i) }, (_, k) => ({ email: recipient(i + 80, k), r: reply(i + 4, k) }));
      if (i % 2 === 0) {
        // Office 365: a report with an HTML-ish text part and a global delivery-status part.
        return {
          raw: dsnMessage({
            i,
            from: "Microsoft Outlook <postmaster@sender.onmicrosoft.example>",
            subject: "Undeliverable: Your December newsletter",
            reportingMta: "AM0PR01MB1234.eurprd01.prod.outlook.example",
            human: `Your message to ${rs[0].email} couldn't be delivered.\n\n${rs[0].email.split("@")[0]} wasn't found at ${rs[0].email.split("@")[1]}.\n\nRemote Server returned '${said(rs[0].r, rs[0].email)}'\n`,
            humanEncoding: "base64",
            recipients: rs.map((x) => ({ email: x.email, action: "failed", status: x.r.status, diagnostic: said(x.r, x.email), remoteMta: "outlook.example" })),
            returned: "headers",
            globalDsn: i % 4 === 0,
          }),
          expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
        };
      }
      const body = `Delivery has failed to these recipients or groups:\n\n${rs.map((x) => `${x.email}\nThe e-mail address you entered couldn't be found.\n\nRemote Server returned '${said(x.r, x.email)}'`).join("\n\n")}\n\nDiagnostic information for administrators:\n\nGenerating server: EXCH${i}.corp.example\n\nOriginal message headers:\n\n${originalHeaders(i, "nobody@example.com")}\n`;
      return {
        raw: textMessage({ i, from: "postmaster@corp.example", subject: "Undeliverable: Your December newsletter", body, encoding: "quoted-printable" }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "gmail",
    variants: 12,
    make: (i) => {
      const email = recipient(i + 100);
      const r = reply(i + 5);
      if (i % 2 === 0) {
        return {
          raw: dsnMessage({
            i,
            from: "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
            subject: "Delivery Status Notification (Failure)",
            reportingMta: "googlemail.com",
            human: `** Address not found **\n\nYour message wasn't delivered to ${email} because the address couldn't be found, or is unable to receive mail.\n\nThe response from the remote server was:\n${r.code}-${r.status} ${r.text}\n`,
            humanEncoding: i % 4 === 0 ? "quoted-printable" : "7bit",
            extraPerMessage: ["Received-From-MTA: dns; sender.example"],
            recipients: [
              { email, action: "failed", status: r.status, diagnostic: `${r.code}-${r.status} ${r.text} - gsmtp`, remoteMta: "gmail-smtp-in.l.google.com" },
            ],
          }),
          expected: bounce([{ email, status: r.status }]),
        };
      }
      const body = `** Message not delivered **\n\nYour message wasn't delivered to ${email} because the address couldn't be found.\n\nThe response from the remote server was:\n${r.code} ${r.status} ${r.text}\n\n----- Original message -----\n\n${originalHeaders(i, email)}\n`;
      return {
        raw: textMessage({
          i,
          from: "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
          subject: "Delivery Status Notification (Failure)",
          body,
          encoding: "base64",
        }),
        expected: bounce([{ email, status: r.status }]),
      };
    },
  },
  {
    name: "yahoo",
    variants: 10,
    make: (i) => {
      const rs = Array.from({ length: count(i) }, (_, k) => ({ email: recipient(i + 120, k), r: reply(i + 6, k) }));
      const body = `Sorry, we were unable to deliver your message to the following address.\n\n${rs.map((x) => `<${x.email}>:\nRemote host said: ${said(x.r, x.email)} [RCPT_TO]`).join("\n\n")}\n\n--- Below this line is a copy of the message.\n\n${originalHeaders(i, "copy@example.com")}\n`;
      return {
        raw: textMessage({ i, from: "MAILER-DAEMON@yahoo.com", subject: "Failure Notice", body, encoding: i % 2 ? "quoted-printable" : "7bit" }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "icloud",
    variants: 8,
    make: (i) => {
      const rs = Array.from({ length: count(i) }, (_, k) => ({ email: recipient(i + 140, k), r: reply(i + 7, k) }));
      return {
        raw: dsnMessage({
          i,
          from: "Mail Delivery System <MAILER-DAEMON@p-west1-cluster1-host2-snip4-10a.mail.icloud.example>",
          subject: "Undelivered Mail Returned to Sender",
          reportingMta: `p-west1-cluster${i}-host2.mail.icloud.example`,
          human: `This is the mail system at host p-west1-cluster${i}-host2.mail.icloud.example.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n${rs.map((x) => `<${x.email}>: ${said(x.r, x.email)}`).join("\n")}\n`,
          recipients: rs.map((x) => ({ email: x.email, action: "failed", status: x.r.status, diagnostic: said(x.r, x.email) })),
        }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "courier",
    variants: 8,
    make: (i) => {
      const rs = Array.from({ length: count(i) }, (_, k) => ({ email: recipient(i + 160, k), r: reply(i + 8, k) }));
      return {
        raw: dsnMessage({
          i,
          from: "Courier mail server at mail.sender.example <@>",
          subject: "NOTICE: mail delivery status.",
          reportingMta: "mail.sender.example",
          human: `This is a delivery status notification from mail.sender.example,\nrunning the Courier mail server, version 1.1.\n\nThe original message was received on ${pick(DATES, i)}\nfrom localhost (127.0.0.1)\n\n${rs.map((x) => `---------------------------------------------------------------------------\n\n                           UNDELIVERABLE MAIL\n\nYour message to the following recipients cannot be delivered:\n\n<${x.email}>:\n    mx.${x.email.split("@")[1]} [192.0.2.${i}]:\n>>> RCPT TO:<${x.email}>\n<<< ${said(x.r, x.email)}`).join("\n\n")}\n`,
          recipients: rs.map((x) => ({
            email: x.email,
            action: "failed",
            status: x.r.status,
            diagnostic: said(x.r, x.email),
            remoteMta: `mx.${x.email.split("@")[1]}`,
          })),
          returned: i % 2 ? "message" : "none",
        }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "domino",
    variants: 8,
    make: (i) => {
      const email = recipient(i + 180);
      const r = reply(i + 9);
      const body = `Your message\n\n  Subject: Your December newsletter #${i}\n\nwas not delivered to:\n\n  ${email}\n\nbecause:\n\n  ${said(r, email)}\n`;
      return {
        raw: textMessage({
          i,
          from: "Postmaster@notes.corp.example",
          subject: "DELIVERY FAILURE: User not listed in Domino Directory",
          body,
          charset: "iso-8859-1",
          encoding: "quoted-printable",
        }),
        expected: bounce([{ email, status: r.status }]),
      };
    },
  },
  {
    name: "opensmtpd",
    variants: 8,
    make: (i) => {
      const rs = Array.from({ length: count(i) }, (_, k) => ({ email: recipient(i + 200, k), r: reply(i + 10, k) }));
      const human = `Hi!\n\nThis is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\nAn error has occurred while attempting to deliver a message for\nthe following list of recipients:\n\n${rs.map((x) => `${x.email}: ${said(x.r, x.email)}`).join("\n")}\n\nBelow is a copy of the original message:\n\n${originalHeaders(i, "copy@example.net")}\n`;
      if (i % 2 === 0) {
        return {
          raw: dsnMessage({
            i,
            from: "Mailer Daemon <MAILER-DAEMON@smtpd.sender.example>",
            subject: "Delivery status notification: error",
            reportingMta: "smtpd.sender.example",
            human,
            recipients: rs.map((x) => ({ email: x.email, action: "failed", status: x.r.status, diagnostic: said(x.r, x.email) })),
          }),
          expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
        };
      }
      return {
        raw: textMessage({ i, from: "Mailer Daemon <MAILER-DAEMON@smtpd.sender.example>", subject: "Delivery status notification: error", body: human }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "japanese-isp",
    variants: 8,
    make: (i) => {
      const email = recipient(i + 220);
      const r = reply(i + 11);
      const body = `配信エラーのお知らせ\n\nお送りいただいたメールは、以下の宛先に配信できませんでした。\n\n宛先: ${email}\n理由: ${said(r, email)}\n\n元のメッセージ\n`;
      const bytes = encodeIso2022jp(body);
      return {
        raw: textMessage({
          i,
          from: "MAILER-DAEMON@mail.isp.example.jp",
          subject: "=?ISO-2022-JP?B?GyRCR1s/LiUoJWkhPBsoQg==?=",
          body,
          charset: "ISO-2022-JP",
          encoding: i % 2 ? "base64" : "7bit",
          bytes,
        }),
        expected: bounce([{ email, status: r.status }]),
      };
    },
  },
  {
    name: "chinese-isp",
    variants: 8,
    make: (i) => {
      const email = recipient(i + 240);
      const r = reply(i + 12);
      const body = `您好，这是系统退信通知。\n\n被退回的邮件收件人：${email}\n退信原因：${said(r, email)}\n\n请检查收件人地址后重新发送。\n`;
      return {
        raw: textMessage({
          i,
          from: "postmaster@mail.isp.example.cn",
          subject: "=?GB2312?B?z7XNs83L0MU=?=",
          body,
          charset: "GB2312",
          encoding: "base64",
          bytes: encodeGb2312(body),
        }),
        expected: bounce([{ email, status: r.status }]),
      };
    },
  },
  {
    name: "arf",
    variants: 8,
    make: (i) => {
      const email = recipient(i + 260);
      const type = pick(["abuse", "abuse", "fraud", "other"], i);
      const boundary = `arf_${i}`;
      const raw = [
        "From: Feedback Loop <fbl@isp.example>",
        "To: fbl-reports@sender.example",
        `Date: ${pick(DATES, i)}`,
        "Subject: FW: Your December newsletter",
        "MIME-Version: 1.0",
        `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
        "",
        `--${boundary}`,
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "This is an email abuse report for an email message received from IP 192.0.2.9.",
        "",
        `--${boundary}`,
        "Content-Type: message/feedback-report",
        "",
        `Feedback-Type: ${type}`,
        "User-Agent: FBL-Generator/1.0",
        "Version: 1",
        `Original-Rcpt-To: <${email}>`,
        `Arrival-Date: ${pick(DATES, i)}`,
        "Reported-Domain: sender.example",
        "",
        `--${boundary}`,
        "Content-Type: text/rfc822-headers",
        "",
        originalHeaders(i, email),
        "",
        `--${boundary}--`,
        "",
      ].join("\n");
      return { raw, expected: { kind: "complaint", email, feedbackType: type } };
    },
  },
  {
    name: "vacation",
    variants: 10,
    make: (i) => {
      const subjects = [
        "Automatic reply: Your December newsletter",
        "Out of Office: back on Monday",
        "Re: Your December newsletter",
        "Abwesenheitsnotiz",
        "=?UTF-8?Q?R=C3=A9ponse_automatique?=",
      ];
      const headers = [
        ["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"],
        ["X-Autoreply: yes"],
        ["Precedence: vacation"],
        ["Auto-Submitted: auto-replied (vacation)"],
        ["Precedence: auto_reply"],
      ];
      return {
        raw: textMessage({
          i,
          from: `${pick(LOCALS, i)} <${recipient(i + 280)}>`,
          subject: pick(subjects, i),
          headers: pick(headers, i + (i >> 2)),
          body: `Thank you for your email. I am out of the office until ${pick(DATES, i)} with limited access to email.\nFor urgent matters please contact support@example.com.\n`,
          encoding: i % 3 === 0 ? "quoted-printable" : "7bit",
        }),
        expected: { kind: "skip", reason: "auto-reply" },
      };
    },
  },
  {
    name: "broken-mime",
    variants: 8,
    make: (i) => {
      const email = recipient(i + 300);
      const r = reply(i + 13);
      const boundary = `broken_${i}`;
      const human = `This is the mail system at host mx.sender.example.\n\n<${email}>: host mx.example.net[192.0.2.1] said: ${said(r, email)} (in reply to RCPT TO command)\n`;
      const dsn = `Reporting-MTA: dns; mx.sender.example\n\nFinal-Recipient: rfc822; ${email}\nAction: failed\nStatus: ${r.status}\nDiagnostic-Code: smtp; ${said(r, email)}\n`;
      const variants = [
        // The closing boundary never comes (a mailbox cut short).
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"\n\n--${boundary}\nContent-Type: text/plain\n\n${human}\n--${boundary}\nContent-Type: message/delivery-status\n\n${dsn}`,
        // The header names a boundary the body never uses: everything reads as one text.
        `Content-Type: multipart/mixed; boundary="nowhere"\n\n${human}`,
        // Invalid base64 in the text part beside a good report.
        `Content-Type: multipart/report; boundary="${boundary}"\n\n--${boundary}\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!not base64###\n--${boundary}\nContent-Type: message/delivery-status\n\n${dsn}\n--${boundary}--\n`,
        // No Content-Type at all, bare LF lines, an unknown charset.
        `X-Odd: 1\n\n${human}`,
      ];
      const v = pick(variants, i);
      const raw = `From: MAILER-DAEMON@mx.sender.example (Mail Delivery System)\nTo: news@sender.example\nDate: ${pick(DATES, i)}\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n${v}`;
      return { raw, expected: bounce([{ email, status: r.status }]) };
    },
  },
  {
    // Microsoft 365 / Exchange NDRs with no report part, in the languages Microsoft translates them
    // into: the heading, the admin block and the subject translated; the reply quoted as it was.
    name: "exchange-localised",
    variants: 14,
    make: (i) => {
      const l = pick(MS_LANGUAGES, i);
      const rs = Array.from({ length: i % 4 === 1 ? 2 : 1 }, (_, k) => ({ email: recipient(i + 320, k), r: reply(i + 14, k) }));
      const modern = i % 2 === 0;
      const block = rs.map((x) => (modern ? `${x.email}\n${l.returned(said(x.r, x.email))}` : `${x.email}\n#${said(x.r, x.email)} ##`)).join("\n\n");
      const text = [
        modern ? l.intro(rs[0].email) : `${l.failed}\n\n${rs.map((x) => x.email).join("\n")}`,
        "",
        `${l.diagnostic}:`,
        "",
        `${l.generating}: AM${i}PR01MB4321.eurprd01.prod.outlook.example`,
        "",
        block,
        "",
        `${l.headers}:`,
        "",
        originalHeaders(i, rs[0].email),
      ].join("\n");
      const from =
        i % 3 === 0 ? "postmaster@tenant.onmicrosoft.example" : `Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@tenant${i}.example>`;
      const subject = `=?UTF-8?B?${Buffer.from(`${l.subject} Your December newsletter`).toString("base64")}?=`;
      if (i % 2 === 0) {
        const html = `<html><body><p><b>${l.intro(rs[0].email).replace(/\n/g, "<br>")}</b></p><p>${l.diagnostic}:</p><p>${l.generating}: AM${i}PR01MB4321.eurprd01.prod.outlook.example</p>${rs.map((x) => `<p><a href="mailto:${x.email}">${x.email}</a><br>${l.returned(said(x.r, x.email)).replace(/</g, "&lt;").replace(/>/g, "&gt;")}</p>`).join("")}<p>${l.headers}:</p><pre>${originalHeaders(i, rs[0].email).replace(/</g, "&lt;").replace(/>/g, "&gt;")}</pre></body></html>`;
        const raw = textMessage({ i, from, subject, body: html, encoding: "base64" })
          .toString("utf8")
          .replace("Content-Type: text/plain", "Content-Type: text/html");
        return { raw, expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))) };
      }
      return {
        raw: textMessage({ i, from, subject, body: text, encoding: "quoted-printable" }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    name: "exchange-localised-delay",
    variants: 4,
    make: (i) => {
      const l = pick(MS_LANGUAGES.slice(1), i * 3);
      const email = recipient(i + 330);
      return {
        raw: textMessage({
          i,
          from: `Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@tenant${i}.example>`,
          subject: `=?UTF-8?B?${Buffer.from(`${l.delayed} Your December newsletter`).toString("base64")}?=`,
          body: `${email}\n\n${l.diagnostic}:\n\n${l.generating}: AM1PR01MB1.prod.outlook.example\n\n${email}\n${l.returned("451 4.4.0 DNS query failed")}\n`,
          encoding: "base64",
        }),
        expected: { kind: "skip", reason: "delay report" },
      };
    },
  },
  {
    // Labelled notices (webmail hosts, appliances): a reason in words, then the server's reply with its code.
    name: "labelled-reply-after-reason",
    variants: 8,
    make: (i) => {
      const email = recipient(i + 340);
      const r = reply(i + 15);
      const labels = [
        ["Recipient", "Reason", "Server reply"],
        ["Empfänger", "Grund", "Antwort des Servers"],
        ["Destinataire", "Raison", "Réponse du serveur"],
        ["宛先", "理由", "サーバーの応答"],
      ];
      const [to, why, said_] = pick(labels, i);
      const body = `Your message could not be delivered.\n\n${to}: ${email}\n${why}: the remote server refused the recipient\n${said_}: ${said(r, email)}\n\n${originalHeaders(i, email)}\n`;
      return {
        raw: textMessage({
          i,
          from: "Mail Delivery Service <postmaster@webmail.example>",
          subject: "Undeliverable message",
          body,
          encoding: i % 2 ? "quoted-printable" : "8bit",
        }),
        expected: bounce([{ email, status: r.status }]),
      };
    },
  },
  {
    // Localised notices listing several failed addresses, each with its own reason line.
    name: "labelled-several",
    variants: 8,
    make: (i) => {
      const rs = Array.from({ length: 2 + (i % 2) }, (_, k) => ({ email: recipient(i + 360, k), r: reply(i + 16, k) }));
      const shapes = [
        ["宛先", "理由", "以下の宛先にメールを配信できませんでした。"],
        ["收件人", "退信原因", "您的邮件未能投递到以下收件人。"],
        ["Recipient", "Reason", "Delivery to the following recipients failed."],
        ["Destinatario", "Motivo", "Non è stato possibile consegnare il messaggio."],
      ];
      const [to, why, intro] = pick(shapes, i);
      // Some notices number or bullet each block ("1. 宛先：…", "・理由：…").
      const mark = (k: number, s: string) => (i % 3 === 1 ? `${k + 1}. ${s}` : i % 3 === 2 ? `・${s}` : s);
      const body = `${intro}\n\n${rs.map((x, k) => `${mark(k, `${to}：${x.email}`)}\n${mark(k, `${why}：${said(x.r, x.email)}`)}`).join("\n\n")}\n\n`;
      const japanese = i % 4 === 0;
      return {
        raw: textMessage({
          i,
          from: "MAILER-DAEMON@mail.isp.example",
          subject: "Undelivered Mail",
          body,
          charset: japanese ? "ISO-2022-JP" : "utf-8",
          encoding: japanese ? "7bit" : "base64",
          bytes: japanese ? encodeIso2022jp(body) : undefined,
        }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    // The same, as a list under one heading: each address alone on its line, its reason labelled below it.
    name: "labelled-list",
    variants: 6,
    make: (i) => {
      const rs = Array.from({ length: 2 + (i % 2) }, (_, k) => ({ email: recipient(i + 370, k), r: reply(i + 19, k) }));
      const [heading, why] = pick(
        [
          ["下記の宛先へ送信できませんでした：", "エラー理由"],
          ["Failed recipients:", "Reason"],
          ["以下收件人投递失败：", "失败原因"],
        ],
        i,
      );
      const body = `${heading}\n\n${rs.map((x) => `  <${x.email}>\n  ${why}: ${said(x.r, x.email)}`).join("\n\n")}\n`;
      const japanese = i % 3 === 0;
      return {
        raw: textMessage({
          i,
          from: "postmaster@mail.isp.example",
          subject: "Returned mail",
          body,
          charset: japanese ? "ISO-2022-JP" : "utf-8",
          encoding: japanese ? "base64" : "quoted-printable",
          bytes: japanese ? encodeIso2022jp(body) : undefined,
        }),
        expected: bounce(rs.map((x) => ({ email: x.email, status: x.r.status }))),
      };
    },
  },
  {
    // SMTPUTF8 reports (RFC 6533): "utf-8;" addresses with Unicode domains (and local parts).
    name: "global-dsn-utf8",
    variants: 4,
    make: (i) => {
      const email = pick(["josé@bücherei.example", "info@mediathek-köln.example", "用户@例子.example", "ana@correo.españa.example"], i);
      const r = reply(i + 17);
      const raw = dsnMessage({
        i,
        from: "MAILER-DAEMON@mx.sender.example (Mail Delivery System)",
        subject: "Undelivered Mail Returned to Sender",
        reportingMta: "mx.sender.example",
        human: `This is the mail system at host mx.sender.example.\n\n<${email}>: host mx.example.net[192.0.2.1] said: ${said(r, email)}\n`,
        recipients: [{ email, action: "failed", status: r.status, diagnostic: said(r, email) }],
        globalDsn: true,
      }).replace(/rfc822; ?/g, "utf-8; ");
      return { raw, expected: bounce([{ email, status: r.status }]) };
    },
  },
  {
    // Reports whose recipient block has a generic Status and no Diagnostic-Code: the reply is in the text
    // (Haraka); and LMTP / local-delivery replies typed "lmtp;" or "x-unix;".
    name: "report-reply-in-text",
    variants: 6,
    make: (i) => {
      const email = recipient(i + 380);
      const r = reply(i + 18);
      const lmtp = i % 2 === 1;
      return {
        raw: dsnMessage({
          i,
          from: "MAILER-DAEMON@relay.sender.example",
          subject: "Mail delivery failed",
          reportingMta: "relay.sender.example",
          human: lmtp
            ? `Delivery to the following recipient failed permanently:\n\n${email}\n`
            : `Your message could not be delivered to the following recipient:\n\n  ${email}\n\nThe server said: ${said(r, email)}\n`,
          recipients: [{ email, action: "failed", status: "5.0.0" }],
        }).replace("Status: ", lmtp ? `Diagnostic-Code: ${i % 4 === 1 ? "lmtp" : "x-unix"}; ${r.code} ${r.status} ${r.text}\nStatus: ` : "Status: "),
        expected: bounce([{ email, status: r.status }]),
      };
    },
  },
];

/** Every generated message, family by family ("postfix-0", "postfix-1", …). */
export function mailFamilies(): GeneratedMail[] {
  return FAMILIES.flatMap((f) =>
    Array.from({ length: f.variants }, (_, i) => {
      const m = f.make(i);
      return { family: f.name, name: `${f.name}-${i}`, raw: typeof m.raw === "string" ? Buffer.from(m.raw, "utf8") : m.raw, expected: m.expected };
    }),
  );
}

/** Message n of an endless varied stream (for the benchmark): family and variant both vary with n. */
export function generatedMail(n: number): Buffer {
  const f = FAMILIES[n % FAMILIES.length];
  const m = f.make(Math.floor(n / FAMILIES.length) % 97);
  const raw = typeof m.raw === "string" ? Buffer.from(m.raw, "utf8") : m.raw;
  // Recipients' domains of their own per message: an import of the stream is not all duplicates.
  return Buffer.from(
    raw.toString("latin1").replace(RECIPIENT_DOMAIN, (d) => `@n${n}.${d.slice(1)}`),
    "latin1",
  );
}

const RECIPIENT_DOMAIN = new RegExp(`@(?:${DOMAINS.map((d) => d.replace(/\./g, "\\.")).join("|")})\\b`, "g");

/** The family of message n of that stream ("vacation", "arf", …). */
export function generatedMailFamily(n: number): string {
  return FAMILIES[n % FAMILIES.length].name;
}
