/**
 * Bounce emails without a delivery-status part (Exim, qmail, old Sendmail, Gmail and Yahoo bodies,
 * Exchange NDRs, Japanese and Chinese ISPs): the failed address and the server's reply are read from
 * the human-readable text, one small extractor per family of MTA. Classification is left to
 * Rebound's classifier: these only find the address, the reply and a status code written in it.
 */
import { bareAddress } from "./dsn";

export interface TextBounce {
  email: string;
  /** The server's reply (or the MTA's own reason), as written. */
  diagnostic: string | null;
  remoteMta: string | null;
}

export interface TextVerdict {
  /** Which extractor recognised the text ("exim", "qmail", …). */
  family: string;
  /** A warning that delivery is still being tried, not a bounce. */
  delayed: boolean;
  bounces: TextBounce[];
}

export interface TextContext {
  /** The bounce's own From and Subject (decoded). */
  from: string;
  subject: string;
  /** X-Failed-Recipients (Exim and others), already split. */
  failedRecipients: string[];
  /**
   * The bounce's own addressees (its To), lower-cased: the sender being told, never the address
   * that failed, though the text names it (a transcript's "From:", a policy reply quoting it).
   */
  own?: ReadonlySet<string>;
}

/** Longest diagnostic read from text: a reply is a few lines, not a quoted message. */
const MAX_DIAGNOSTIC = 2000;
const REPLY_LINE = /\b[45]\d\d[ -]?(?:[245]\.\d{1,3}\.\d{1,3})?\b.*/;

function clip(text: string | null): string | null {
  if (text === null) return null;
  const t = text.replace(/\s+/g, " ").trim();
  return t.length === 0 ? null : t.length > MAX_DIAGNOSTIC ? t.slice(0, MAX_DIAGNOSTIC) : t;
}

const COPY_MARKER =
  /^[ \t]*(?:-{2,}[ \t]*(?:Below this line is a copy of the message|This is a copy of the message|Original message follows|Original message|The original message was received|Forwarded message)|------ This is a copy of the message|Original message headers:|----- Original message -----|(?:Ursprüngliche Nachrichtenkopfzeilen|En-têtes de message d'origine|Encabezados del mensaje original|Intestazioni messaggio originale|Oorspronkelijke berichtkoppen|Cabeçalhos da mensagem original|元のメッセージ ヘッダー|原始邮件头|원본 메시지 헤더|Заголовки исходного сообщения|Oryginalne nagłówki wiadomości|Ursprungliga meddelandehuvuden)[ \t]*[:：])/im;

/** The text up to the returned copy of the original message (its addresses are not the failed ones). */
function ownPart(text: string): string {
  const cut = text.search(COPY_MARKER);
  return cut > 0 ? text.slice(0, cut) : text;
}

/** The returned copy of the original message quoted in a text bounce (from its first header line), or null. */
export function returnedCopy(text: string): string | null {
  const m = COPY_MARKER.exec(text);
  if (!m) return null;
  const rest = text.slice(m.index + m[0].length);
  const start = rest.search(/^[!-9;-~]+:[ \t]/m);
  return start === -1 ? null : rest.slice(start);
}

/** Exim: "The following address(es) failed:", each address then its indented reason. */
function exim(text: string): TextVerdict | null {
  const delayed = /has not yet been delivered|Warning: message .* delayed/i.test(text);
  const start = text.search(/following address(?:\(es\))? failed:|could not be delivered to one or more of its recipients/i);
  if (start === -1 && !delayed) return null;
  if (delayed && start === -1) return { family: "exim", delayed: true, bounces: [] };
  const body = ownPart(text.slice(start));
  const bounces: TextBounce[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const m = /^\s{2}(\S+@\S+)/.exec(lines[i]);
    if (!m || /^\s{4}/.test(lines[i])) continue;
    const email = bareAddress(m[1]);
    if (!email) continue;
    const reason: string[] = [];
    let remoteMta: string | null = null;
    for (let j = i + 1; j < lines.length && (/^\s{3,}\S/.test(lines[j]) || lines[j].trim() === "") && !/^\s{2}\S+@/.test(lines[j]); j++) {
      const l = lines[j].trim();
      if (l === "" && reason.length > 0) break;
      const host = /^host\s+(\S+)/i.exec(l);
      if (host) remoteMta = host[1];
      else if (l) reason.push(l);
    }
    // "SMTP error from remote mail server after RCPT TO:<…>:" is Exim's; the reply follows it.
    const reply = reason.filter((r) => !/^SMTP error from remote mail server/i.test(r)).join(" ");
    bounces.push({ email, diagnostic: clip(reply || reason.join(" ")), remoteMta });
  }
  return bounces.length > 0 || delayed ? { family: "exim", delayed: delayed && bounces.length === 0, bounces } : null;
}

/** qmail: "<user@example.com>:" then the remote's words, until a blank line. */
function qmail(text: string): TextVerdict | null {
  if (!/This is the qmail-send program|I'm afraid I wasn't able to deliver your message/i.test(text)) return null;
  const body = ownPart(text);
  const bounces: TextBounce[] = [];
  const re = /^<([^<>\s@]+@[^<>\s@]+)>:[ \t]*\r?\n((?:[^\r\n]+\r?\n)*[^\r\n]*)/gm;
  for (let m: RegExpExecArray | null; (m = re.exec(body)); ) {
    const words = m[2].split(/\r?\n/).filter((l) => !/^Giving up on /i.test(l.trim()));
    const said = words.join(" ").replace(/^.*?Remote host said:\s*/i, "");
    const host = /^(\S+) does not like recipient/im.exec(m[2]) ?? /Giving up on (\S+?)\.?$/im.exec(m[2]);
    bounces.push({ email: m[1], diagnostic: clip(said), remoteMta: host ? host[1] : null });
  }
  return bounces.length > 0 ? { family: "qmail", delayed: false, bounces } : null;
}

/** Old Sendmail: "----- The following addresses had permanent fatal errors -----" and a session transcript. */
function sendmail(text: string): TextVerdict | null {
  const start = text.search(/The following addresses had permanent fatal errors/i);
  const delayed = /The following addresses had transient non-fatal errors|Warning: could not send message for past/i.test(text);
  if (start === -1) return delayed ? { family: "sendmail", delayed: true, bounces: [] } : null;
  const body = ownPart(text.slice(start));
  const lines = body.split(/\r?\n/).slice(1);
  const bounces: TextBounce[] = [];
  for (let i = 0; i < lines.length && lines[i].trim() !== ""; i++) {
    if (/^\s+\(reason:/i.test(lines[i])) continue;
    const email = bareAddress(lines[i]);
    if (!email) continue;
    const reason = /^\s+\(reason:\s*(.*)\)\s*$/i.exec(lines[i + 1] ?? "");
    bounces.push({ email, diagnostic: reason ? clip(reason[1]) : null, remoteMta: null });
  }
  // The transcript's "<<< 550 …" lines say more than the reason line.
  const transcript = body.slice(Math.max(0, body.search(/Transcript of session follows/i)));
  const talking = /while talking to ([^\s:]+?)\.?:/i.exec(transcript);
  const replies = [...transcript.matchAll(/^<<<\s*([45]\d\d.*)$/gm)].map((m) => m[1]);
  for (const b of bounces) {
    const own = replies.find((r) => r.toLowerCase().includes(b.email.toLowerCase())) ?? (bounces.length === 1 ? replies.at(-1) : undefined);
    if (own) b.diagnostic = clip(own);
    b.remoteMta = talking ? talking[1] : null;
  }
  return bounces.length > 0 ? { family: "sendmail", delayed: false, bounces } : null;
}

/** Gmail: "Your message wasn't delivered to X because …" and "The response from the remote server was:". */
function gmail(text: string): TextVerdict | null {
  const delayed =
    /\*\*[ \t]*Message not delivered yet[ \t]*\*\*|delivery .* (?:is )?delayed|Gmail will retry for/i.test(text) &&
    !/\*\*[ \t]*(?:Address not found|Message (?:not delivered|blocked))[ \t]*\*\*/i.test(text);
  const to = /(?:wasn't|was not|couldn't be|has not been) delivered to[ \t]+<?([^\s<>@]+@[^\s<>@]+?)>?[ \t]+(?:because|yet)/i.exec(text);
  if (!to && !/\*\*[ \t]*(?:Address not found|Message not delivered|Message blocked|Message not delivered yet)[ \t]*\*\*/i.test(text)) return null;
  if (delayed) return { family: "gmail", delayed: true, bounces: [] };
  const email = to ? to[1] : null;
  if (!email) return null;
  const own = ownPart(text);
  const said = own.search(/The response (?:from the remote server )?was:/i);
  const reason = said !== -1 ? firstParagraph(own.slice(own.indexOf(":", said) + 1)) : (/because[ \t]+([^\n]+)/i.exec(own)?.[1] ?? null);
  return { family: "gmail", delayed: false, bounces: [{ email, diagnostic: clip(reason), remoteMta: null }] };
}

/** Yahoo: "Sorry, we were unable to deliver your message to the following address." then "<addr>:" and the reply. */
function yahoo(text: string): TextVerdict | null {
  if (!/unable to deliver (?:your )?message to the following address/i.test(text)) return null;
  const body = ownPart(text);
  const bounces: TextBounce[] = [];
  const re = /^<([^<>\s@]+@[^<>\s@]+)>:[ \t]*\r?\n?((?:[^\r\n]+\r?\n)*[^\r\n]*)/gm;
  for (let m: RegExpExecArray | null; (m = re.exec(body)); ) {
    const reply = clip(m[2]);
    const mta = reply ? / - ([^\s-][^\s]*\.[^\s]+)$/.exec(reply) : null;
    bounces.push({ email: m[1], diagnostic: reply, remoteMta: mta ? mta[1] : null });
  }
  return bounces.length > 0 ? { family: "yahoo", delayed: false, bounces } : null;
}

/**
 * Microsoft's NDR headings in the languages Exchange and Microsoft 365 send them in: "Delivery has
 * failed to these recipients or groups" and "Diagnostic information for administrators". The rest of
 * an NDR is read without its words: an address alone on a line, then the reply quoted below it.
 */
const MS_HEADING =
  /Delivery has failed to these recipients or groups|Diagnostic information for administrators|Fehler bei der Zustellung an folgende Empfänger|Diagnoseinformationen für Administratoren|La remise a échoué pour ces destinataires|Informations de diagnostic pour les administrateurs|Error en la entrega a estos destinatarios|Información de diagnóstico para administradores|Recapito non riuscito|Informazioni di diagnostica per gli amministratori|Bezorging is mislukt voor deze ontvangers|Diagnostische gegevens voor beheerders|Falha na entrega para estes destinatários|Informações de diagnóstico para administradores|受信者またはグループへの配信に失敗しました|管理者向けの診断情報|未能传递到这些收件人或组|管理员的诊断信息|無法傳遞給這些收件者或群組|系統管理員的診斷資訊|받는 사람 또는 그룹에 배달하지 못했습니다|관리자를 위한 진단 정보|Не удалось доставить сообщение этим получателям|Диагностические сведения для администраторов|Dostarczenie do tych adresatów lub grup nie powiodło się|Informacje diagnostyczne dla administratorów|Det gick inte att leverera till de här mottagarna|Diagnostikinformation för administratörer/i;
/** Microsoft 365's own sender of NDRs ("MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@tenant…"). */
const MS_SENDER = /MicrosoftExchange[0-9a-f]{16,}@/i;
/** Microsoft's delay notices' subjects ("Delivery delayed:", "Zustellung verzögert:", "配信の遅延:" …). */
const MS_DELAYED_SUBJECT =
  /^\s*(?:Delivery delayed|Zustellung verzögert|Remise différée|Entrega retrasada|Recapito ritardato|Vertraagd|Entrega atrasada|配信の遅延|延迟传递|延遲傳遞|배달 지연|Доставка задерживается|Opóźnione|Leveransen är försenad)[ \t]*[:：]/i;
/** The server's reply in Exchange's words in any language: quoted ('…', « … », “…”, „…”) or between "#" and "##". */
const MS_REPLY = /['‘’"«„“「][ \t]*([45]\d\d[ -][^'’"»“”」]*?)[ \t]*['’"»“”」]|#([45]\d\d[^#]*?)[ \t]*##/;
/** "Generating server: …" in Microsoft's languages. */
const MS_GENERATING =
  /(?:Generating server|Generierender Server|Serveur de génération|Servidor de generación|Server di generazione|Genererende server|Servidor de geração|生成サーバー|生成服务器|產生伺服器|생성 서버|Создающий сервер|Serwer generujący|Genererande server)[ \t]*[:：][ \t]*(\S+)/i;

/** Exchange / Office 365 NDR: "Delivery has failed to these recipients or groups:" and "Remote Server returned '…'", in any language. */
function exchange(text: string, ctx: TextContext): TextVerdict | null {
  const microsoft = MS_SENDER.test(ctx.from);
  if (microsoft && MS_DELAYED_SUBJECT.test(ctx.subject)) return { family: "exchange", delayed: true, bounces: [] };
  const failed = text.search(
    /Delivery has failed to these recipients or groups|Your message (?:to .* )?couldn't be delivered|Your message wasn't delivered to/i,
  );
  // A notice naming failed recipients is a bounce, though it names delayed ones too (as before).
  const delayed =
    failed === -1 &&
    /Delivery is delayed to these recipients or groups|This is an automatically generated Delivery Status Notification\.\s*THIS IS A WARNING MESSAGE ONLY/i.test(
      text,
    );
  if (delayed) return { family: "exchange", delayed: true, bounces: [] };
  const heading = MS_HEADING.exec(text);
  if (failed === -1 && !heading && !microsoft) return null;
  const own = ownPart(text);
  const bounces: TextBounce[] = [];
  const seen = new Set<string>();
  // An address alone on its line, its reply within a few lines after it.
  const lines = own.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const email = line.includes("@") && !/\s/.test(line) ? bareAddress(line) : null;
    if (!email || seen.has(email.toLowerCase())) continue;
    for (let j = i + 1; j <= i + 4 && j < lines.length; j++) {
      if (j > i + 1 && lines[j].includes("@") && !/\s/.test(lines[j].trim())) break;
      const said = MS_REPLY.exec(lines[j]);
      if (!said) continue;
      seen.add(email.toLowerCase());
      bounces.push({ email, diagnostic: clip(said[1] ?? said[2]), remoteMta: null });
      break;
    }
  }
  if (bounces.length === 0) {
    // No reply beside an address: the addresses listed under the heading, the reply that says most.
    const from = heading ? heading.index : Math.max(failed, 0);
    const list = own.slice(from).split(/\r?\n/).slice(1);
    for (const line of list) {
      if (line.trim() === "" && bounces.length > 0) break;
      const a = line.includes("@") ? bareAddress(line) : null;
      if (a && !seen.has(a.toLowerCase())) {
        seen.add(a.toLowerCase());
        bounces.push({ email: a, diagnostic: null, remoteMta: null });
      }
    }
    const reply = bestReply(own.slice(from));
    for (const b of bounces) b.diagnostic = clip(reply);
  }
  const generating = MS_GENERATING.exec(own);
  for (const b of bounces) b.remoteMta = generating ? generating[1] : null;
  return bounces.length > 0 ? { family: "exchange", delayed: false, bounces } : null;
}

/** An enhanced status code anywhere in a line ("… 550 5.1.1 …", "(#5.2.2)"). */
const ENHANCED = /\b[245]\.\d{1,3}\.\d{1,3}\b/;

/** The first line reading like an SMTP reply, one with an enhanced status code first; null when none does. */
function bestReply(text: string): string | null {
  const lines = text.split("\n");
  let plain: string | null = null;
  for (const line of lines) {
    const m = REPLY_LINE.exec(line);
    if (!m) continue;
    if (ENHANCED.test(m[0])) return m[0];
    plain ??= m[0];
  }
  return plain;
}

const TO_LABEL =
  /(?:宛先(?:アドレス)?|送信先(?:アドレス)?|あて先|受信者|配信先|相手先|收件人(?:地址)?|收信人|被退回的邮件收件人|收件人信箱|Recipient(?: address)?|Empfänger|Destinataire|Destinatario|Destinatário|Ontvanger|Mottagare|Odbiorca|Адресат|Получатель|수신자|받는 사람)[ \t]*[:：][ \t]*<?([^\s<>@]+@[^\s<>@]+?)>?[ \t]*$/im;
const REASON_LABEL =
  /(?:理由|原因|エラー内容|詳細|応答|サーバーの応答|退信原因|失败原因|错误原因|服务器返回|Reason|Grund|Raison|Motivo|Причина|Ответ сервера|이유|사유|(?:Remote )?Server reply|Remote server replied|SMTP reply|Antwort des Servers|Réponse du serveur|Respuesta del servidor|Risposta del server)[ \t]*[:：][ \t]*(.+)$/im;

/**
 * Japanese and Chinese ISPs (and other localised MTAs): labelled lines, "宛先: …" / "理由: …",
 * "收件人：…" / "退信原因：…", with full-width colons as often as not; one block per failed address.
 * Of the lines describing one address ("Reason:", "Server reply:"), one with an enhanced status
 * code beats one without: it is the server's own reply, the other a summary in words.
 */
function labelled(text: string): TextVerdict | null {
  const own = ownPart(text);
  if (!TO_LABEL.test(own) && !REASON_LABEL.test(own)) return null;
  const lines = own.split("\n");
  const blocks: { email: string; from: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const to = TO_LABEL.exec(lines[i]);
    if (to) blocks.push({ email: to[1], from: i });
    else if (REASON_LABEL.test(lines[i + 1] ?? "")) {
      // A list under one heading: an address alone on its line, its reason labelled right below.
      const line = lines[i].trim();
      const email = line.includes("@") && !/\s/.test(line) ? bareAddress(line) : null;
      if (email) blocks.push({ email, from: i });
    }
  }
  if (blocks.length === 0) return null;
  const bounces = blocks.map((b, k) => {
    // One address: its reason may come before it. Several: each reads down to the next.
    const from = blocks.length === 1 ? 0 : b.from;
    const to = k + 1 < blocks.length ? blocks[k + 1].from : lines.length;
    let reason: string | null = null;
    for (let i = from; i < to && !(reason && ENHANCED.test(reason)); i++) {
      const r = REASON_LABEL.exec(lines[i]);
      if (r && (reason === null || ENHANCED.test(r[1]))) reason = r[1];
    }
    const reply = reason !== null && ENHANCED.test(reason) ? reason : bestReply(lines.slice(from, to).join("\n"));
    return { email: b.email, diagnostic: clip(reply !== null && ENHANCED.test(reply) ? reply : (reason ?? reply)), remoteMta: null };
  });
  return { family: "labelled", delayed: false, bounces };
}

/**
 * Anything else from a mailer daemon: the failed address from X-Failed-Recipients, else the one in
 * the first line that reads like an SMTP reply, else the nearest before it, else the first in the
 * text; that reply is the diagnostic, or the rest of the address's own line when there is none.
 */
function fallback(text: string, ctx: TextContext): TextVerdict | null {
  const daemon = /mailer-daemon|postmaster|mail delivery (?:subsystem|system)|MAILER_DAEMON/i.test(ctx.from) || MS_SENDER.test(ctx.from);
  // Microsoft's NDR subjects in the languages it sends them in, beside the usual daemons' words.
  const subjectSays =
    /undeliver|undelivered|delivery (?:status notification|failure|failed|has failed)|returned mail|failure notice|mail delivery failed|non[- ]?delivery|could not be delivered|配信|未送达|退信|退回|Unzustellbar|Non remis|Onbestelbaar|No se puede entregar|Não entregue|Não é possível entregar|Non recapitabile|无法投递|無法傳遞|배달되지 않음|Не доставлено|Niedostarczalne|Nie można dostarczyć|Kan inte levereras|Ej levererat|Kunne ikke leveres|Ikke leveret|Ei voitu toimittaa|Nedoručitelné|Teslim edilemiyor/i.test(
      ctx.subject,
    );
  if (!daemon && !subjectSays) return null;
  if (/delayed|not yet been delivered|warning:? .*(?:delay|could not send)/i.test(ctx.subject) || MS_DELAYED_SUBJECT.test(ctx.subject))
    return { family: "generic", delayed: true, bounces: [] };
  const own = ownPart(text);
  const reply = REPLY_LINE.exec(own);
  const emails = ctx.failedRecipients.length > 0 ? ctx.failedRecipients : [];
  let line: string | null = null;
  if (emails.length === 0) {
    const found = reply
      ? (addressesIn(reply[0], ctx.own)[0] ?? addressesIn(own.slice(Math.max(0, reply.index - 600), reply.index), ctx.own).at(-1))
      : undefined;
    const email = found ?? addressesIn(own, ctx.own)[0];
    if (email) {
      emails.push(email);
      if (!reply) line = lineWith(own, email);
    }
  }
  if (emails.length === 0) return null;
  return { family: "generic", delayed: false, bounces: emails.map((email) => ({ email, diagnostic: clip(reply ? reply[0] : line), remoteMta: null })) };
}

/** The addresses in a text, in order, leaving out the bounce's own addressees. At most 50. */
function addressesIn(text: string, own: ReadonlySet<string> | undefined): string[] {
  const out: string[] = [];
  let rest = text;
  for (let a = bareAddress(rest); a !== null && out.length < 50; a = bareAddress(rest)) {
    if (!own?.has(a.toLowerCase())) out.push(a);
    rest = rest.slice(rest.indexOf(a) + a.length);
  }
  return out;
}

/** What the address's own line says besides it ("clerk@example.org (user not found)" → "(user not found)"), or null. */
function lineWith(text: string, email: string): string | null {
  const at = text.indexOf(email);
  const start = text.lastIndexOf("\n", at) + 1;
  const end = text.indexOf("\n", at);
  const rest = text
    .slice(start, end === -1 ? undefined : end)
    .replace(email, "")
    .replace(/[<>]/g, "")
    .trim();
  return /[a-z]{3}/i.test(rest) ? rest : null;
}

/** Longest text and line the extractors read: a bounce's own words are a few KB at the top. */
const MAX_TEXT = 128 * 1024;
const MAX_LINE = 2000;

/**
 * The text the extractors read: capped, lines cut at MAX_LINE, runs of blank lines made one. This
 * bounds what any of their patterns can cost on a hostile body.
 */
function tidy(text: string): string {
  const lines = text.slice(0, MAX_TEXT).split(/\r?\n/);
  const out: string[] = [];
  let blank = 0;
  for (const line of lines) {
    const l = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
    blank = l.trim() === "" ? blank + 1 : 0;
    if (blank <= 1) out.push(blank === 1 ? "" : l);
  }
  return out.join("\n");
}

/** The first paragraph of a text, after its leading blank lines. */
function firstParagraph(text: string): string | null {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && lines[i].trim() === "") i++;
  const para: string[] = [];
  for (; i < lines.length && lines[i].trim() !== ""; i++) para.push(lines[i]);
  return para.length > 0 ? para.join(" ") : null;
}

/** Postfix without a report part (old versions, some relays): "<addr>: host … said: …", continued indented. */
function postfix(text: string): TextVerdict | null {
  if (!/This is the (?:Postfix program|mail system) at host/i.test(text)) return null;
  const lines = ownPart(text).split("\n");
  const bounces: TextBounce[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^<([^<>\s@]+@[^<>\s@]+)>:[ \t]+(\S.*)$/.exec(lines[i]);
    if (!m) continue;
    const words = [m[2]];
    while (i + 1 < lines.length && /^[ \t]+\S/.test(lines[i + 1])) words.push(lines[++i].trim());
    const said = words.join(" ");
    const host = /^host ([^\s[]+)/.exec(said);
    const reply = /\bsaid:[ \t]*(.*?)(?:[ \t]*\(in reply to [^)]*\))?$/.exec(said);
    bounces.push({ email: m[1], diagnostic: clip(reply ? reply[1] : said), remoteMta: host ? host[1] : null });
  }
  return bounces.length > 0 ? { family: "postfix", delayed: false, bounces } : null;
}

/** Lotus / HCL Domino: "was not delivered to:" the address, then "because:" the reason. */
function domino(text: string): TextVerdict | null {
  const to = text.search(/was not delivered to:/i);
  if (to === -1) return null;
  const after = text.slice(to).split("\n").slice(1);
  const email = after.map((l) => (l.includes("@") ? bareAddress(l) : null)).find((a) => a !== null) ?? null;
  if (!email) return null;
  const because = text.search(/^[ \t]*because:[ \t]*$/im);
  const reason = because === -1 ? null : firstParagraph(text.slice(text.indexOf(":", because) + 1));
  return { family: "domino", delayed: false, bounces: [{ email, diagnostic: clip(reason), remoteMta: null }] };
}

/** OpenSMTPD: "the following list of recipients:" then "addr: reply", one a line. */
function opensmtpd(text: string): TextVerdict | null {
  const start = text.search(/while attempting to deliver a message for\s+the following list of recipients:/i);
  if (start === -1) return null;
  const lines = ownPart(text.slice(start)).split("\n").slice(2);
  const bounces: TextBounce[] = [];
  for (const line of lines) {
    if (line.trim() === "") {
      if (bounces.length > 0) break;
      continue;
    }
    const colon = line.indexOf(": ");
    const email = colon === -1 ? null : bareAddress(line.slice(0, colon));
    if (email) bounces.push({ email, diagnostic: clip(line.slice(colon + 2)), remoteMta: null });
  }
  return bounces.length > 0 ? { family: "opensmtpd", delayed: false, bounces } : null;
}

type Extractor = (text: string, ctx: TextContext) => TextVerdict | null;
const FAMILIES: Extractor[] = [opensmtpd, exim, qmail, sendmail, postfix, exchange, gmail, yahoo, domino, labelled];

/** The bounces a human-readable bounce text reports, or null when it reads like no bounce Rebound knows. */
export function readTextBounce(body: string, ctx: TextContext): TextVerdict | null {
  const text = tidy(body);
  for (const family of FAMILIES) {
    const v = family(text, ctx);
    if (!v) continue;
    const named = v.bounces.length;
    if (ctx.own) v.bounces = v.bounces.filter((b) => !ctx.own!.has(b.email.toLowerCase()));
    // A family that named only the bounce's own addressee read the wrong text: the next may not.
    if (named > 0 && v.bounces.length === 0) continue;
    // Exim's X-Failed-Recipients is the authority on which addresses failed.
    if (!v.delayed && v.bounces.length === 0 && ctx.failedRecipients.length > 0) {
      v.bounces = ctx.failedRecipients.map((email) => ({ email, diagnostic: null, remoteMta: null }));
    }
    return v;
  }
  return fallback(text, ctx);
}
