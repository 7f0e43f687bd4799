/**
 * Text rules: what the receiving server's words say, in priority order (first = wins).
 *
 * Phrases are matched on whole words after folding case and accents (see fold.ts); "(a|b|)" is
 * a choice with an optional empty alternative (see expand.ts). A `near` entry matches a word
 * from `first` followed within `within` words by one from `then` ("user <x@y> unknown").
 *
 * Order matters where concepts overlap; the comments on each rule say what it must beat.
 * Strong rules beat the enhanced status code ("550 5.7.1 … Spamhaus" is spam even though
 * 5.7.1 alone is policy). Weak rules (WEAK_TEXT_RULES) are generic wordings that only decide
 * when the status code is missing or vague (x.0.0, x.2.0, x.3.0, x.5.0).
 */
import type { CategoryCode } from "../categories";
import type { NearSpec } from "./matcher";

export interface TextRuleDef {
  id: string;
  category: CategoryCode;
  description: string;
  example: string;
  phrases: string[];
  near?: NearSpec[];
  /**
   * A specific address or mailbox status (x.1.x, x.2.x) decides over this rule: its words (PTR,
   * HELO) are often only mentioned in passing.
   */
  yieldsToStatus?: true;
  /**
   * A 501 reply (syntax error in a command's parameters) decides over this rule unless an
   * address status (x.1.x) says otherwise: "501 Bad address syntax" answers our command.
   */
  yieldsTo501?: true;
}

// Shared vocabularies -------------------------------------------------------------------------

const MAILBOX_NOUN =
  "(user|users|recipient|recipients|mailbox|mail box|address|addressee|account|local part|localpart|alias|email address|e mail address|recipient address|destination address|destination mailbox|mailbox address|user name|username|rcpt|receiver|email account|e mail account)";
const NOT_EXIST =
  "(does not exist|doesn t exist|do not exist|not exist|not exists|does not exists|doesn t exists|no longer exists)";
const ACCOUNT_NOUNS = [
  "account", "mailbox", "mail box", "user", "address", "inbox", "recipient", "email account",
  "e mail account", "cuenta", "buzon", "casilla", "conta", "caixa postal", "caixa", "compte",
  "boite", "boite aux lettres", "konto", "benutzerkonto", "postfach", "casella", "utente", "usuario",
  "utilisateur", "benutzer", "hesap", "fiok", "contul",
];
const BOX_NOUNS = [
  "mailbox", "mail box", "inbox", "account", "user", "recipient", "buzon", "casilla", "caixa postal",
  "caixa de correio", "caixa", "boite", "boite aux lettres", "boite du destinataire", "postfach",
  "casella", "casella di posta", "cuenta", "conta", "compte", "konto", "mail folder", "mailfolder",
];

export const STRONG_TEXT_RULES: TextRuleDef[] = [
  {
    // First: an expiry report often quotes the last temporary error ("connection timed out",
    // "451 4.3.0"), but what happened is that the retry period ran out.
    id: "expired-text",
    category: "message-expired",
    description: "The sending server gave up after retrying for its maximum queue time.",
    example: "smtp;Message expired after 72 hours in queue: last attempt 451 4.3.0 Temporary local problem",
    phrases: [
      "(message|mail|email|e mail|delivery|delivery time|queue time|time in queue|lifetime|message lifetime|ttl) (has |)(expired|timed out)",
      "expired (after|in queue|in the queue|on queue|while)",
      "retry timeout exceeded",
      "retry time (not reached|exceeded)",
      "failing for a long time",
      "long failure period",
      "(in|on) (the |)queue too long",
      "too long in (the |)queue",
      "(maximum|max) (queue|delivery|retry) (time|lifetime|period) (exceeded|reached)",
      "(queue|delivery|retry) (lifetime|period) (exceeded|expired)",
      "cannot send message for",
      "could not be delivered within", "could not be delivered for",
      // Postfix's final bounce quotes the last deferral: in an export of bounces, the queue ran out.
      "delivery temporarily suspended", "status expired",
      "(in|on) (the |)queue for (over|more than)", "giving up",
      "undeliverable after", "deferred too long", "too many (delivery attempts|deferrals)",
      "maximum number of deferrals", "message too old", "within the allowed time", "action delayed",
      "en el tiempo (establecido|permitido)", "dans le delai imparti", "(tempo|termine) massimo di consegna",
      "zustellfrist", "zustellungszeitlimit", "bericht verlopen", "(wachttijd|bezorgtijd|afleveringstijd) overschreden",
      "har gatt ut", "leveranstiden", "wiadomosc wygasla", "przekroczono czas (dostarczenia|dostarczania|dostawy)",
      "vyprsela doba (doruceni|dorucovani)", "teslim suresi", "suresi doldu",
      "(mensaje|correo|mensagem) (caducado|caducada|expirado|expirada)",
      "tiempo de entrega (agotado|expirado|excedido)",
      "prazo de entrega (expirado|excedido)",
      "message expire",
      "delai de (remise|livraison|distribution) (expire|depasse)",
      "(nachricht|zustellung) abgelaufen",
      "zustellzeit (abgelaufen|uberschritten)",
      "messaggio scaduto",
      "tempo di consegna (scaduto|superato)",
      // The sending MTA's own give-ups, as each words them: retries used up, gave up.
      "(retries|retry attempts|delivery attempts) (exceeded|exhausted|reached|used up)",
      "(retry|retries) (limit|count|period|window) (reached|exceeded|elapsed|expired)",
      "(maximum|max) (number of |)(retries|delivery attempts|attempts|retry count)",
      "retried too many times", "too many retries", "(gave|give|gives) up", "no delivery after",
      "reintentos agotados", "tras reintentar", "tentatives atteint", "nombre maximal de tentatives",
      "tentativi raggiunto", "numero massimo di tentativi", "tentativas excedido", "numero maximo de tentativas",
      "zustellversuchen erreicht", "anzahl an zustellversuchen", "aufgegeben", "bezorgpogingen bereikt",
      "na dagen opgegeven", "liczbe prob", "pocet pokusu", "too many failures",
      // A time window that ran out, as each language words it ("within 5 days", "in time").
      "(innerhalb|binnen|within|entro|dentro de|w ciagu|behem|v prubehu) (von |)(the |)(tagen|stunden|dagen|uren|days|hours|giorni|ore|dias|horas|jours|heures|dni|godzin|dnech|hodin)",
      "entro il tempo massimo", "v casovem limitu", "w wyznaczonym czasie", "im zeitlimit", "binnen de termijn",
      "in der warteschlange abgelaufen", "(warteschlange|wachtrij|cola|fila|file d attente|coda) (abgelaufen|verlopen|expirado|expirada|expire|scaduto)",
      "queuereturn", "timeout frozen after", "weiter versucht", "seit mehr als (stunde|stunden|tag|tagen)",
      "sure icinde", "apos varias tentativas", "prazo esgotado", "pokusy ukonceny", "tentatives epuisees", "on the queue for too long", "teslim denemesi", "deneme sayisi",
    ],
    near: [
      {
        // Delay notices that end in a bounce: "La entrega … está atrasada", "Il recapito … è stato ritardato".
        first: ["entrega", "recapito", "zustellung", "livraison", "remise", "bezorging", "delivery", "levering"],
        then: ["atrasada", "retrasada", "ritardato", "verzogert", "retardee", "vertraagd", "delayed", "forsinket"],
        within: 8,
      },
    ],
  },
  {
    // Before block lists: these unknown-recipient wordings mention lists without being a
    // block-list hit (Domino's "not listed in Domino Directory", cPanel's hedge "…may not exist,
    // they may be blacklisted…").
    id: "mailbox-not-in-directory",
    category: "bad-mailbox",
    description:
      "The recipient is not in the server's directory (Lotus Domino / HCL Notes), or cPanel's \"the account or domain may not exist\" recipient check.",
    example: "550 5.1.1 User john.doe@example.com not listed in Domino Directory",
    phrases: [
      "not (listed|found) in (the |)(domino |public |)(directory|name address book|names address book|address book)",
      "the account or domain may not exist",
    ],
  },
  {
    // Before block lists: a URL in the body that is on a list is about the content.
    id: "content-url-blocked",
    category: "content-related",
    description:
      "A link or domain inside the message is on a URI block list or forbidden: the content was refused, not the sender.",
    example: "smtp;554 5.6.0 Message content rejected: message body contains a forbidden URL",
    phrases: [
      "uribl",
      "surbl",
      "ivmuri",
      "ivmurl",
      "(forbidden|blacklisted|blocklisted|blocked|banned|prohibited|spam|spammy) (url|urls|uri|uris|hyperlink|hyperlinks|link|links)",
      "(url|uri|link) (blacklist|blocklist|reputation|filter)",
      "domain in the (message|body|content)",
    ],
    near: [
      {
        first: ["url", "urls", "uri", "uris", "hyperlink", "hyperlinks", "web address"],
        then: [
          "listed", "blacklisted", "blocklisted", "blocked", "forbidden", "prohibited", "not allowed", "banned",
          "blocklist", "blacklist", "block list", "reputation",
        ],
        within: 10,
      },
      {
        first: ["link", "links"],
        then: ["listed", "blacklisted", "blocklisted", "forbidden", "prohibited", "banned"],
        within: 8,
      },
    ],
  },
  {
    // Before block lists: Spamhaus answers "open resolver" when the receiver queries it through a
    // public DNS resolver; the receiver's set-up is at fault, not our IP.
    id: "config-open-resolver",
    category: "bad-configuration",
    description: "The receiver's block-list lookups fail because it queries them through a public (open) DNS resolver.",
    example: "554 5.7.1 Service unavailable; Client host [203.0.113.45] blocked using zen.spamhaus.org; Error: open resolver",
    phrases: ["open resolver"],
  },
  {
    // Before block lists: a recipient's own list of senders it refuses is its policy.
    id: "policy-recipient-blocklist",
    category: "policy-related",
    description: "The recipient (or its organisation) put the sender on its own blocked-senders list.",
    example: "550 5.7.1 Sender address is blacklisted by the recipient domain",
    phrases: [
      "(sender|sender s address|sender address|address|you|your address) (is |has been |was |)(blacklisted|blocklisted|blocked|denylisted) by (the |)(recipient|recipients|recipient s|customer|user|tenant)",
      "customer block list", "blacklist senders", "blocked senders list",
      "on (the |)(recipient s|recipients|recipient|user s|customer s) (deny|block|black|blocked senders) list",
      "(sender|you|your address) (denied|refused|rejected) by (the |)(recipient s|recipients|recipient) (administrator|admin|organisation|organization)",
      // Only when the blocker is the recipient's side: "Sender blocked by SORBS" is a block list (spam).
      "sender (is |has been |)blocked by (the |)(recipient|recipients|recipient s|administrator|organisation|organization|user|owner|customer|tenant)",
    ],
  },
  {
    // Third-party DNS block lists and explicit "blacklisted" wording: reputation → spam.
    id: "spam-blocklist",
    category: "spam-related",
    description:
      "The sending IP or domain is on a block list (Spamhaus, Barracuda BRBL, SpamCop, SORBS, UCEPROTECT, Invaluement, Proofpoint, Microsoft's block list…).",
    example:
      "smtp;554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.7",
    phrases: [
      "spamhaus", "spamcop", "sorbs", "uceprotect", "invaluement", "ivmsip",
      "barracudacentral", "brbl", "barracuda (reputation|block list|blocklist|rbl)", "abuseat", "cbl",
      "psbl", "spamrats", "backscatterer", "mailspike", "hostkarma", "nixspam", "manitu",
      "spameatingmonkey", "gbudb", "dnsbl", "dnsbls", "rbl", "rbls", "(realtime|real time) blackhole",
      // Yahoo's "[BL21]" texts name Spamhaus and Microsoft's S3150 text says "block list"; the
      // codes themselves are not matched ("bl" would hit Microsoft host names like BL2PR01MB…).
      "blackhole", "blackholes", "blackholed", "ipcheck",
      "blocked using",
      "(blacklist|blacklisted|blacklisting|black list|black listed|blocklist|blocklisted|blocklisting|block list|block listed|denylist|denylisted|deny list|deny listed)",
      "(listed|is listed|are listed|been listed|currently listed) (on|in|at|by)",
      "(lista negra|lista nera|liste noire|schwarze liste|schwarzen liste)",
      // The same in more languages, and block lists named in words ("listas de bloqueo").
      "(zwarte lijst|czarna lista|czarnej liscie|cerna listina|cerne listine|kara liste|kara listede|lista neagra|svart lista|sortliste)",
      "(listas|lista|listes|liste|liste di|blokkeerlijst|sperrliste|sperrlisten) (de |)(bloqueo|bloqueio|blocage|blocco|sperrung)",
      "blokkeerlijst", "sperrliste", "sperrlisten",
      // A filter's score over its threshold ("score 7.4 above block threshold").
      "(above|over|exceeds|exceeded) (the |)(block|blocking|spam|reject|rejection) threshold", "spam score",
    ],
  },
  {
    // Before spam: "prohibited virus or spam content" is a virus verdict.
    id: "virus-detected",
    category: "virus-related",
    description: "A virus, malware or a dangerous attachment was found in the message.",
    example: "smtp;550 5.7.0 Virus found in message: Win.Trojan.Agent-1234 (attachment invoice.doc)",
    phrases: [
      "virus", "viruses", "malware", "malicious", "trojan", "ransomware", "spyware", "worm",
      "infected", "infection", "infiziert", "infizierte", "infectado", "infectada", "infecte",
      "infectee", "infetto", "infetta", "eicar", "clamav", "antivirus", "anti virus", "wirus", "wirusa",
      "virusu", "viry",
      "potential security issue", "security threat",
      // Scanners' verdicts by product (ClamAV "FOUND", Sophos "Troj/…", Trend Micro, Symantec,
      // McAfee, Kaspersky, ESET, Bitdefender…): "threat" with a finding verb, in several languages.
      "(threat|threats) (detected|found|identified)",
      "(detected|found|contains|contained|containing|identified) (a |an |the |)(threat|threats)",
      "potentially unwanted (program|application|software)", "troj",
      "schadsoftware", "schadprogramm", "schadcode", "logiciel malveillant", "logiciels malveillants",
      "(software|programa|programas|codigo) (malicioso|maliciosos|malintencionado)",
      "(codice|software|programma) (malevolo|dannoso|malware)",
      "zlosliwe oprogramowanie", "zlosliwe", "zlosliwy", "zlosliwego", "skodlivy", "skodlivy kod", "skodlivou",
      "ameaca (detectada|encontrada)", "menace (detectee|trouvee)",
      "(dangerous|unsafe|harmful) (content|attachment|attachments|file|files)",
      "executable (file|files|attachment|attachments|content)",
    ],
  },
  {
    id: "virus-attachment-blocked",
    category: "virus-related",
    description:
      "An attachment type was refused as potentially dangerous (executables, macros, Office files…).",
    example: "554 5.7.1 Message rejected: prohibited attachment type (.docm) not allowed",
    phrases: [
      "(prohibited|forbidden|banned|blocked|disallowed|unacceptable|dangerous|unsafe|restricted|illegal) (attachment|attachments|file type|file types|filetype|file extension|file name|filename|attached file)",
      "(adjunto|adjuntos|anexo|anexos|fichier joint|piece jointe|pieces jointes|anhang|dateianhang|allegato|allegati) (bloqueado|prohibido|no permitido|proibido|nao permitido|bloque|interdit|interdite|refuse|nicht erlaubt|blockiert|verboten|bloccato|vietato|non consentito|peligroso|perigoso|dangereuse|dangereux|gefahrlich|pericoloso)",
      "msdownload",
    ],
    near: [
      {
        first: ["attachment", "attachments", "file type", "filetype", "file extension", "attached file", "attached files"],
        then: ["blocked", "not allowed", "prohibited", "forbidden", "banned", "not permitted", "dangerous", "unsafe", "disallowed"],
        within: 6,
      },
      // amavis: "BANNED: … invoice.pdf.exe"
      { first: ["banned"], then: ["exe", "scr", "pif", "bat", "vbs", "js", "cmd", "jar"], within: 12 },
    ],
  },
  {
    id: "relay-denied",
    category: "relaying-issues",
    description: "The server refuses to relay: it does not accept mail for that domain from us.",
    example: "smtp;554 5.7.1 <someone@example.com>: Relay access denied",
    phrases: [
      "(relay|relaying) (access |)(denied|not permitted|not allowed|prohibited|disallowed|refused|rejected|forbidden|not authorized|not authorised|blocked|denegado|denegada|negado|no permitido|nao permitido|non consentito|non permesso|nicht erlaubt|verboten|verweigert|interdit|refuse|non autorise)",
      "(unable|not permitted|not allowed|not authorized|not authorised|isn t allowed|is not allowed|cannot|can t|not able|attempt|attempted|attempting) to relay",
      "(not permitted|not allowed|not authorized|not authorised) to send (mail |email |e mail |messages |)(through|via) this (server|host|system)",
      "(enviar|envio de) correo (a traves|por medio) de este servidor",
      "(we|i) (do not|don t) relay",
      "no relaying",
      "(relaying|relay) (is |)not (allowed|permitted)",
      "rcpthosts",
      "relais (refuse|interdit|non autorise)",
      "non local (e mail|email) address",
      "authentication required (for|to) relay",
      "(relay|relaying) requires authentication",
      "(retransmision|reenvio) (denegada|denegado|no permitida|no permitido)",
      "inoltro (negato|non consentito|non permesso)",
      "(refuse|refuses|refused) (de |to )relay", "refuse de relayer",
      "i cannot deliver mail for", "user not local", "local (user|users|recipients) only",
      "not a gateway",
      "(does not|doesn t|will not|won t|do not) relay", "not an open relay", "relay attempt",
      "(external|foreign|non local|remote) (domain|domains) (is |are |)(disabled|refused|not permitted|not allowed|forbidden)",
      "(domaines externes|domini esterni|dominios externos|externe domains|fremde domains)",
      "(relay|relaying|relais|weiterleitung|inoltro|reenvio|retransmissao) (authentification|authentication|autenticacion|autenticazione|autenticacao|authentifizierung|anmeldung)",
    ],
    near: [
      {
        first: [
          "relay", "relaying", "relais", "relayer", "retransmissao", "retransmision", "reenvio", "inoltro",
          "weiterleitung", "przekazywanie", "preposilani", "aktarma", "vidarebefordran",
        ],
        then: [
          "denied", "prohibited", "not allowed", "not permitted", "refused", "rejected", "forbidden",
          "negada", "negado", "denegada", "denegado", "negato", "niet toegestaan", "zabronione",
          "neni povoleno", "izni yok", "nekad", "verboten", "nicht erlaubt", "interdit", "refuse",
          "no permitido", "nao permitido", "non consentito",
        ],
        within: 4,
      },
    ],
  },
  {
    // The receiving server's certificate is broken (expired, self-signed, wrong name, untrusted):
    // its set-up, as Mailrelay defines bad-configuration. A handshake that fails for other
    // reasons (protocol version, reset) stays bad-connection (connection-tls-failed).
    id: "config-tls-certificate",
    category: "bad-configuration",
    description: "The receiving server's TLS certificate is invalid (expired, self-signed, wrong host name, untrusted).",
    example: "TLS handshake with mx.example.net failed: certificate has expired",
    phrases: [
      "certificate (has |is |)(expired|revoked|invalid|not valid|not trusted|untrusted|not verified)",
      "(expired|revoked|invalid|untrusted|self signed|selfsigned) (server |remote |peer |)certificate",
      "certificate (verify|verification|validation|check) (failed|failure|error)",
      "certificate (doesn t|does not|did not) match", "certificate (name|hostname|host name) mismatch",
      "(server|remote|peer) certificate not (verified|trusted)", "remote certificate is invalid",
      "unable to get local issuer certificate", "self signed certificate", "certificate chain",
      "(certificat|certificado|zertifikat|certificato|certificaat|certyfikat) (expire|expirado|abgelaufen|scaduto|verlopen|wygasl|ungultig|invalide|invalido|non valido|ongeldig)",
    ],
  },
  {
    // Before routing: "mail for x loops back to myself" is the receiver's MX set-up, not a loop
    // between relays.
    id: "config-mx-loop",
    category: "bad-configuration",
    description: "The recipient domain's MX points back at the receiving server itself (MX loop).",
    example: "smtp;mail for example.org loops back to myself",
    phrases: [
      "loops back", "looped back", "points back to", "mxloopback", "mx loopback",
      "best preference mx",
      "lowest numbered mx record points to local host",
      "(mx|mx record|mx records|mx host|mx list|best mx) (points|point|pointing|is pointing|resolves) (to|back to) (itself|myself|me|localhost|local host|loopback|the local host|this host|this server|us|ourselves)",
    ],
  },
  {
    id: "config-misconfigured",
    category: "bad-configuration",
    description: "The receiving system reports an error in its own configuration.",
    example: "smtp;554 5.3.5 System incorrectly configured",
    phrases: [
      "(incorrectly|improperly|wrongly|badly|not properly|not correctly|mis) configured",
      "misconfigured", "misconfiguration", "mis configuration",
      "(configuration|config) (error|errors|problem|problems|issue|failure)",
      "(configuracion|configuracao|configuration|konfiguration|configurazione) (incorrecta|incorreta|incorrecte|errada|erronea|erronee|fehlerhaft|falsch|errata|sbagliata)",
      "mal (configurado|configurada|configure|configuree|configurato|configurata)",
      "falsch konfiguriert", "konfigurationsfehler", "errore di configurazione",
      "error de configuracion", "erro de configuracao", "erreur de configuration",
      // The receiver's own set-up: qmail and local delivery agents, DNS records, connectors.
      "uh oh", "permission denied", "unable to read controls", "unable to switch to", "qmail default",
      "address pipe transport", "wrong office region", "mx is this host", "points to a cname",
      "point to non existent hosts", "outbound connector", "tls not available",
      "mal parametre", "falsch eingerichtet", "configurato in modo errato", "configurado incorretamente",
      // Broken MX records and local delivery that cannot reach its own files (before the
      // domain and mailbox rules, whose words "invalid host", "does not exist" these replies use).
      "(mx|mx record|mx records) (points|point|pointing|resolves|resolve) to (an |a |)(invalid|non existent|nonexistent|unknown|private|bogus|unresolvable)",
      "(mx|mx record|mx records) (is|are) (a |)cname", "mx (record|records) (is|are) (a |)cname",
      "(unable|cannot|can t|could not|couldn t) (to |)open (the |)(mailbox file|maildir|mail spool|spool file|mailbox directory)",
      "user directory not found", "mailbox host not set", "delivery agent not defined",
      "no transport for", "command died with status", "unknown mail transport error", "has wrong uid",
      "alias database", "malformed mx", "(ldap|mysql|database|directory|lookup) server (unavailable|down|not available|not responding)",
      "(cannot|can t|unable to|could not|couldn t|failed to) access (the |)(user s |recipient s |)(message store|mailbox store|mail store|mailbox database)",
      // DNS records that exist but are broken (not a missing domain), DNSSEC/DANE failures, MTA
      // configuration errors as Sendmail and Exim word them.
      "mx host has no address record", "(mx|mx host|mx hosts) (has|have) no (address|a|aaaa) (record|records)",
      "dnssec (validation|verification) (failed|failure|error)", "bogus (dnssec |)signature", "dnssec bogus",
      "(tlsa|dane) (lookup|record|records|validation|verification) (error|failed|failure|mismatch)",
      "excessive recursion", "tainted filename", "failed to expand", "yap land rma hatas",
      "(smarthost|relay host|relayhost|upstream relay) (is |)(misconfigured|not configured|unreachable from this gateway|not set up)",
      "(set up|setup) (incorrectly|wrongly|problem)", "configuration problem", "(mx record|mx records|mx entry|mx eintrag|registro mx|enregistrement mx|record mx) (is |)(incorrect|invalid|broken|fehlerhaft|errato|incorreto|incorrecto|mal)",
    ],
    near: [
      {
        // "L'enregistrement MX du domaine est incorrect", "Der MX-Eintrag der Domain ist fehlerhaft"
        first: ["mx", "mx record", "mx records", "enregistrement mx", "mx eintrag", "registro mx", "record mx", "rekord mx", "zaznam mx"],
        then: ["incorrect", "incorrecte", "fehlerhaft", "falsch", "errato", "errata", "incorrecto", "incorreto", "invalid", "broken", "misconfigured", "nieprawidlowy", "chybny", "hatali"],
        within: 5,
      },
      // "MX record for example.org points to a non-existent host"
      {
        first: ["mx", "mx record", "mx records"],
        then: ["non existent host", "nonexistent host", "invalid host", "bogus host", "unresolvable host", "private network", "private address"],
        within: 8,
      },
    ],
  },
  {
    id: "routing-loop",
    category: "routing-errors",
    description: "The message went round in a loop between relays (too many hops).",
    example: "smtp;554 5.4.6 Hop count exceeded - possible mail loop",
    phrases: [
      "liczbe przeskokow", "liczba przeskokow", "atlama say", "pocet skoku", "maximalni pocet preskoku",
      "(routing|mail|message|delivery|email) loop", "loop detected", "looping", "loop (count|exceeded)",
      "mailloop", "(too many|maximum|max) hops", "hop count", "hop limit",
      "too many (received|delivered to) (headers|lines)", "delivered to line",
      "number of received headers",
      "(suspected|possible) (mail |)loop",
      "bucle (de correo|detectado)", "boucle (de messagerie|detectee)", "mailschleife",
      "(bucle|boucle|loop|schleife) entre", "en boucle", "in einer schleife", "entrato in loop", "entrou em loop",
      "loop di posta", "loop de e mail", "mail lus", "petle pocztowa", "smycka posty", "posta dongusu",
      "(saltos|sauts|hops|hop) (excedido|depasse|uberschritten|superato|overschreden|exceeded)",
      "(maximo|maximal|maximale|massimo|maximaal) (numero |nombre |anzahl an |aantal |)(de |di |)(saltos|sauts|hops|hop)",
      "between (relays|servers|mail servers)",
    ],
  },
  {
    // Before the recipient's receive limits: a limit on what one sender may send is a rate limit.
    id: "policy-per-sender-limit",
    category: "policy-related",
    description: "A limit on how many messages one sender may send to a recipient in a period (Microsoft's per-sender receive limit).",
    example: "550 5.2.121 RESOLVER.RST.RecipSizeLimit; recipient's per-sender hourly message receive limit exceeded",
    phrases: ["per sender"],
  },
  {
    // Before rate limits: a recipient receiving too much is that mailbox's limit (quota).
    id: "quota-receiving-rate",
    category: "quota-issues",
    description:
      "The recipient's mailbox has received more messages than its limit allows (a per-recipient receive limit).",
    example:
      "452-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.",
    phrases: [
      "receiving mail (at a rate|too quickly|too fast|faster)",
      "(too many|excessive) (messages|emails|mails) (for|to) (this|the|that) (user|recipient|mailbox|account|address)",
      "(recipient|mailbox|user) (has |is |)(receiving|received) too many (messages|emails|mails)",
      "(receive|receiving) (limit|quota)",
      "(hourly|daily) (message |)(receive|receiving) (limit|quota)",
      "receivingrateperm", "receivingrate", "recipient rate limit", "too many (recipients|messages) received",
      "too many messages in (this|the) (mailbox|inbox|folder)",
    ],
  },
  {
    // Before the TSS code rule: a deferral whose only stated reason is complaints is spam-related
    // ("due to user complaints"); "unexpected volume or user complaints" stays a rate limit.
    id: "spam-complaints",
    category: "spam-related",
    description: "Mail deferred or refused because recipients complained about it.",
    example: "421 4.7.0 [TSS04] Messages from 198.51.100.23 temporarily deferred due to user complaints",
    phrases: [
      "(due to|because of|owing to|following) (user |recipient |subscriber |spam |)complaints",
    ],
  },
  {
    // Before rate limits and spam: Yahoo's TSS codes are policy blocks whatever words follow.
    id: "policy-provider-code",
    category: "policy-related",
    description: "Yahoo/AOL's documented TSSxx policy codes (deferrals and blocks decided by Yahoo's traffic policy).",
    example: "553 5.7.2 [TSS09] All messages from 203.0.113.7 will be permanently deferred; Retrying will NOT succeed.",
    // Digits separate words, so "[TSS04]" is the word "tss". Shorter codes (TS03, PH01, CS01,
    // HM08) would read "ts", "ph", "cs", "hm", which occur in host names (".ph", "cs.example.edu");
    // their texts say "deferred" or "policy" anyway.
    phrases: ["tss"],
  },
  {
    id: "policy-tls-required",
    category: "policy-related",
    description: "The receiver requires an encrypted (TLS) connection by policy.",
    example: "530 5.7.0 Must issue a STARTTLS command first",
    phrases: [
      "(tls|starttls|ssl|encryption|encrypted connection|secure connection) (is |)(required|mandatory|needed)",
      "(requires|require|must use) (tls|starttls|encryption|an encrypted connection|a secure connection)",
      "must issue a starttls", "requiretls", "over a tls connection", "(to |)use tls",
    ],
  },
  {
    id: "content-format",
    category: "content-related",
    description: "The message's format or headers were refused (not RFC 5322 compliant, missing Message-ID, bad MIME).",
    example: "550-5.7.1 Messages missing a valid Message-ID header are not accepted.",
    phrases: [
      "message id (header|)",
      "(missing|invalid|malformed|duplicate|multiple) (header|headers|from header|date header|mime)",
      "(header|headers) (too long|too large|invalid|missing|syntax)",
      "(invalid|malformed|corrupt|corrupted|broken) (mime|message|encoding|message structure)",
      "mime (error|errors|structure|violation|format)", "invalidcontent",
      "(bad|invalid|malformed) header", "in (the |)(message |)header", "multiple addresses in",
      "(from|date|subject|to|message id) header (is |)(missing|invalid|malformed|required)",
    ],
    near: [{ first: ["rfc"], then: ["compliant", "compliance"], within: 4 }],
  },
  {
    // Decision: failed sender authentication is spam-related (PowerMTA/Mailrelay: "problem
    // with the configuration of the sender domain … spam filter"; powermta-acct.csv labels
    // Gmail's 5.7.26 DMARC block spam-related).
    id: "spam-authentication",
    category: "spam-related",
    description:
      "The sender failed authentication (SPF, DKIM, DMARC, ARC): the spam filter cannot trust the sending domain.",
    example:
      "smtp;550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. This mail has been blocked.",
    phrases: [
      "sender id (pra|not permitted|check failed|fail)",
      "spf", "dkim", "dmarc", "domainkeys", "domain keys", "sender policy framework", "senderid",
      "arc (validation|verification|check|seal)",
      "unauthenticated (email|emails|mail|message|messages|sender|senders)",
      "sender is unauthenticated", "(is|was) unauthenticated",
      "not pass (authentication|sender authentication)",
      "(failed|fails|fail) (the |)(authentication|sender authentication) (check|checks|test|tests)",
      "authentication (check|checks) (failed|fail)",
      "does not designate", "not designate", "(permitted|authorized|authorised) sender",
      "required authentication level", "dmarcrejection",
    ],
  },
  {
    id: "spam-verdict",
    category: "spam-related",
    description: "The receiving spam filter judged the message to be spam, junk, bulk or phishing.",
    example: "smtp;550 5.7.1 Message rejected as spam by Content Filtering.",
    phrases: [
      "spam", "spams", "spammy", "spammer", "spammers", "spamming", "spamassassin", "spamfilter",
      "antispam", "spamscore", "junk", "junkmail", "unsolicited",
      "bulk (mail|email|e mail|mailing|message|messages)", "ube", "uce", "phishing", "phish",
      "fraud", "fraudulent", "scam",
      "correo (no deseado|basura|masivo)", "(nao solicitado|nao solicitada|indesejado|indesejada|indesejavel)",
      "pourriel", "(courrier|message) (indesirable|non sollicite)", "non sollicite",
      "unerwunscht", "unerwunschte", "posta indesiderata", "indesiderato", "indesiderata",
      "niechciana poczta", "niechciana", "niechcianej", "niepozadana", "antyspamowy", "antyspamowego", "skrappost", "nevyzadana", "nevyzadanou", "istenmeyen", "ongewenst",
      "ongewenste", "uonsket",
    ],
  },
  {
    id: "spam-reputation",
    category: "spam-related",
    description: "Blocked because of the sender's reputation or recipients' complaints.",
    example:
      "554 5.7.1 Your access to this mail system has been rejected due to the sending MTA's poor reputation.",
    phrases: [
      "reputation", "senderbase", "sender base", "senderscore", "sender score",
      "complaint", "complaints", "complaint rate",
      "abuse (report|reports|complaints|detected)", "(reported|blocked|banned|listed|suspended) for abuse",
      "intent analysis",
      "(poor|bad|low|negative) (sending history|sender history)",
      "reputacion", "reputacao", "reputazione",
    ],
  },
  {
    // Before spam and reputation: a deferral for volume or complaints (Yahoo TSS04, Gmail
    // "rate limited") is the receiver's traffic policy; the message itself was not judged.
    id: "policy-rate-limit",
    category: "policy-related",
    description:
      "Rate limiting or throttling: too many connections or messages, deferred for volume or complaints.",
    example:
      "smtp;421 4.7.0 [TSS04] Messages from 203.0.113.7 temporarily deferred due to unexpected volume or user complaints",
    phrases: [
      "rate limit", "rate limited", "rate limiting", "ratelimit", "ratelimited", "rate exceeded",
      "(sending|send|message|connection|mail|email) rate", "unusual rate", "unexpected volume",
      "(high|unusual|excessive|suspicious) volume",
      "too many (concurrent|simultaneous|parallel) (smtp |)(connections|sessions)",
      "too many (connections|sessions|messages|mails|emails|commands|invalid recipients|bad recipients|unknown recipients|recipients|recipients from|messages from|connection|open connections)",
      "(maximum|max) number of (concurrent |simultaneous |)connections", "postscreen",
      "(temporarily|temporary) (deferred|delayed|throttled|blocked|limited)",
      "deferred (due to|because)", "permanently deferred",
      "throttled", "throttling", "throttle", "slow down",
      "(connection|session|message|recipient|hourly|daily|sending) limit (exceeded|reached)",
      "(exceeded|reached) (the |)(connection|session|sending|message|hourly|daily|rate) limit",
      "(sending|send|daily sending|daily user sending|user sending|outbound) (quota|limit)",
      "server busy", "server is busy", "too busy",
      "(excessive|too many) connection", "connection limit", "max connections",
      "maximum (number of |)connections", "concurrent (connections|sessions) (limit|exceeded)",
      "trop de (connexions|messages|connections)", "demasiadas (conexiones|sesiones)",
      "demasiados (mensajes|correos)", "muitas (conexoes|mensagens)",
      "zu viele (verbindungen|nachrichten)", "troppe (connessioni|sessioni)", "troppi messaggi",
    ],
  },
  {
    id: "policy-greylisting",
    category: "policy-related",
    description: "Greylisting: the server defers first attempts from unknown senders by policy.",
    example: "450 4.7.1 <someone@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html",
    phrases: [
      "(greylist|greylisted|greylisting|graylist|graylisted|graylisting|grey listed|gray listed|grey listing|gray listing|grey list|gray list)",
      "postgrey",
    ],
  },
  {
    // Before the relay-auth rule: Exchange's delivery restrictions (only authenticated or listed
    // senders may write to this group or contact) are the recipient's policy.
    id: "policy-recipient-restricted",
    category: "policy-related",
    description:
      "The recipient only accepts mail from some senders (Exchange delivery restrictions on groups and contacts).",
    example: "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required",
    phrases: [
      "resolver rst (authrequired|notauthorized|sendernotinacceptlist|sendernotauthenticatedforgroup|sendernotauthenticatedformailcontact)",
      "delivery restriction", "delivery to this address is restricted", "allowed senders list",
    ],
  },
  {
    // SMTP AUTH: the server only relays for logged-in clients (sender-domain authentication is
    // spam-authentication).
    id: "relay-auth-required",
    category: "relaying-issues",
    description: "The server only relays mail for authenticated (logged-in) clients, or for senders the login owns.",
    example: "530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM",
    phrases: [
      "(authentication|auth|smtp auth|smtp authentication|login) (is |)(required|needed|mandatory)",
      "(must|please) (authenticate|turn on smtp authentication)",
      "not authenticated", "(requires|require) authentication",
      "(authentication |)credentials invalid", "invalid credentials", "not logged in", "not owned by (auth |authenticated |the authenticated |)user",
      "(permission|permissions) to (send as|submit)", "autenticacao smtp necessaria",
      "autenticacion smtp (requerida|necesaria)",
    ],
  },
  {
    id: "protocol-syntax",
    category: "protocol-errors",
    description: "The receiver reports an SMTP protocol error (syntax error, unknown command, bad sequence).",
    example: "smtp;500 5.5.2 Syntax error, command unrecognized",
    phrases: [
      "syntax error", "syntax errors",
      "command (unrecognized|unrecognised|not recognized|not recognised|not implemented|not understood|unknown|out of sequence)",
      "(unrecognized|unrecognised|unknown|invalid|unsupported|unexpected) (command|commands|verb|smtp command)",
      "bad sequence", "out of sequence", "not implemented",
      "protocol (error|errors|violation|violations|failure)", "invalid smtp",
      "line too long", "lines too long", "line length exceeded",
      "bare (lf|linefeed|linefeeds|line feed|line feeds|cr|newline|newlines|carriage return|carriage returns)",
      "barelinefeedsareillegal", "pipelining", "too many errors", "unbalanced", "bad syntax",
      "syntax (helo|ehlo)", "(helo|ehlo) argument",
      "(unrecognized|unrecognised|unsupported|unknown) (authentication|auth) (type|mechanism)",
      "body type not supported", "binarymime", "conversion required", "cannot be converted", "bit content",
      "utf string", "a line in the message", "line (length|in the message) (exceeded|exceeds)",
      "(parameter|parameters|argument|arguments) (not recognized|not implemented|error|errors|invalid)",
      "invalid (parameter|parameters|argument|arguments)", "unknown parameter",
      "smtputf", "bitmime", "(helo|ehlo) first",
      "error de sintaxis", "erro de sintaxe", "erreur de syntaxe", "syntaxfehler", "errore di sintassi",
      "comando (no reconocido|desconocido|nao reconhecido|non riconosciuto|sconosciuto)",
      "commande (inconnue|non reconnue)", "befehl (unbekannt|nicht erkannt)",
    ],
  },
  {
    // Decision: checks on the connecting client (reverse DNS, HELO, dynamic IP ranges) are the
    // receiver's local policy, not a spam verdict.
    id: "policy-client-check",
    category: "policy-related",
    yieldsToStatus: true,
    description:
      "The sending server failed the receiver's client checks: reverse DNS/PTR, HELO name, dynamic or residential IP.",
    example: "550 5.7.1 Client host rejected: cannot find your reverse hostname, [203.0.113.7]",
    phrases: [
      "reverse dns", "reverse lookup", "reverse hostname", "reverse host name", "ptr", "rdns",
      "fcrdns", "helo command rejected",
      "(helo|ehlo) (rejected|refused|denied|not allowed|invalid|mismatch|hostname|host name|name|domain)",
      "(invalid|bad|illegal|unknown) (helo|ehlo)",
      "fully qualified (hostname|host name|domain)",
      "(cannot|can t|could not|couldn t|unable to) (find|resolve) your (hostname|host name|reverse hostname|ip|ip address|address)",
      "client host rejected", "unknown client",
      "(client|your|sender|sending) (ip|ip address|host|hostname|address) (does not|did not|doesn t) resolve",
      "dynamic (ip|ips|address|addresses|pool|range)", "dynamically assigned", "residential",
      "dial up", "dialup", "(consumer|end user|home) (ip|network|connection)",
      "not authorized to send (email|mail|e mail) directly",
      "use the smtp relay at your service provider", "ipv",
    ],
  },
  {
    // Before sender rules: mail in the receiver's own name from outside its network is what
    // Mailrelay's table calls a relaying issue ("will not accept any email with your domain that
    // does not come from your own IP").
    id: "relay-own-domain",
    category: "relaying-issues",
    description:
      "The receiver refuses mail that uses its own (or the sender's) domain from a server that is not allowed to send for it (anti-spoofing).",
    example: "550 5.7.1 Sender address spoofing detected: internal domain example.com from an external server",
    phrases: [
      "anti spoofing", "antispoofing", "spoofing (detected|policy|protection)", "spoofed (sender|domain|address)",
      "(own|our|internal) domain (may not|cannot|must not) be used", "from outside (our|the|its) network",
      "(only|may only) send through its own", "must be sent through",
      "not permitted to send from this ip",
    ],
  },
  {
    id: "policy-sender-rejected",
    category: "policy-related",
    description:
      "The sender address or its domain was refused by the receiver's rules (sender verification, unknown or invalid sender domain).",
    example: "553 5.1.8 <news@example.com>... Domain of sender address news@example.com does not exist",
    phrases: [
      "sender (address |domain |)(rejected|refused|denied|blocked|not allowed|not permitted|unknown|invalid|verify failed|verification failed|not found|does not exist|doesn t exist|banned)",
      "(invalid|unknown|bad|banned|blocked|unverified|unverifiable) sender",
      "bad outbound sender", "sender verify", "sender verification", "verification failed for",
      "domain of sender", "sender domain", "sender s domain", "envelope sender", "envelope from",
      "from address (rejected|is not allowed|blocked|invalid)",
      "mail from (rejected|refused|denied)", "(envelope|mail from) (blocked|rejected)",
      "administrative prohibition",
      "does not accept (mail|email|e mail|messages) from", "not accept any (mail|email) from",
      "invalid dns mx or a",
      "blocked senders",
      "(emetteur|expediteur) (invalide|refuse|inconnu|interdit)",
      "remitente (rechazado|invalido|no permitido|desconocido|bloqueado)",
      "remetente (rejeitado|invalido|nao permitido|desconhecido|bloqueado)",
      "absender (abgelehnt|ungultig|unbekannt|gesperrt|blockiert)",
      "mittente (rifiutato|non valido|sconosciuto|bloccato)",
    ],
  },
  {
    id: "quota-mailbox-full",
    category: "quota-issues",
    description: "The recipient's mailbox is full or over its storage quota.",
    example: "smtp;552 5.2.2 <someone@example.com>: user is over quota",
    phrases: [
      "over quota", "overquota", "over the quota", "quota", "quotas", "quotaexceeded",
      "quotaexceededexception", "mapiexceptionshutoffquotaexceeded", "mapiexceptionquotaexceeded",
      "overquotaperm", "overquotatemp", "mailboxfull", "full mailbox",
      "atingiu o limite de espaco", "limite de espaco",
      "exceeded (its|their|his|her|the|) (storage allocation|storage quota|mailbox quota|disk quota)",
      "exceeded storage allocation", "out of storage", "out of (storage |disk |)space",
      "(mailbox|inbox) size limit", "(mailbox|inbox) (limit|size) (exceeded|reached)",
      "mailbox (is |has |)(over|exceeds|exceeded) (its |the |)(allowed |)(size|size limit|limit)",
      "remaining space",
      "(storage|disk) (limit|space) (exceeded|full|reached)",
      "cuota", "cota (excedida|ultrapassada)",
      "(espacio|almacenamiento) (insuficiente|agotado|lleno)", "espaco (insuficiente|esgotado)",
      "espace (insuffisant|disque)", "speicherplatz", "speicher (voll|erschopft)",
      "spazio (su disco |di archiviazione |)(esaurito|insufficiente)",
      "superado el espacio", "(quota|kwota|kvota|kota) (overschreden|przekroczona|prekrocena|a ld|overskredet)",
    ],
    near: [
      {
        first: [
          ...BOX_NOUNS, "postvak", "brevladan", "brevlada", "postkasse", "postkassen", "skrzynka", "schranka",
          "posta kutusu", "cutia postala", "postafiok",
        ],
        then: [
          "full", "voll", "lleno", "llena", "completo", "completa", "saturado", "saturada", "cheia",
          "lotada", "pleine", "plein", "saturee", "piena", "pieno", "satura", "uberfullt",
          "vol", "fuld", "overfyldt", "dolu", "przepelniona", "pelna", "plna", "plina", "megtelt",
        ],
        within: 4,
      },
    ],
  },
  {
    id: "quota-system-storage",
    category: "quota-issues",
    description: "The receiving system has no storage left for new messages (RFC 3463 x.3.1).",
    example: "452 4.3.1 Insufficient system storage",
    phrases: [
      "insufficient (system |disk |)storage", "not enough (storage|space|disk space)",
      "no space left", "disk full", "(system|server) storage", "mail system full",
      "insufficient (disk |)space",
    ],
  },
  {
    // Decision: a message refused for its size is content-related (powermta-acct.csv labels
    // "552 5.3.4 Message size exceeds fixed limit" content-related): what must change is the
    // message, not the address.
    id: "content-size",
    category: "content-related",
    description: "The message (or an attachment) is larger than the receiver accepts.",
    example: "smtp;552 5.3.4 Message size exceeds fixed limit",
    phrases: [
      "(message|mail|email|e mail) (size |length |)(exceeds|exceeded|is too large|too large|is too big|too big|is larger than|larger than|oversized)",
      "message size", "size exceeds", "size limit", "size exceeded", "length exceeds",
      "exceeds (the |)(maximum|max|fixed maximum|fixed|allowed|permitted) (message |)(size|length|limit)",
      "(too large|too big) (for|message)", "oversized (message|mail)",
      "recipsizelimit", "sendsizelimit", "maximum message size", "max message size", "mailsize", "mail size",
      "attachment (size |)(too large|too big|exceeds)", "attachments (too large|too big|exceed)",
      "mensaje (demasiado grande|excede)", "tamano (del mensaje |maximo |)(excede|excedido|superado)",
      "mensagem (muito grande|excede|grande demais)", "tamanho (da mensagem |maximo |)(excede|excedido)",
      "message trop (volumineux|gros|grand)", "taille (du message |maximale |)(depasse|excede|trop)",
      "trop volumineux", "(nachricht|mail|e mail) (ist |)zu (gross|gros)", "zu (gross|gros)",
      "nachrichtengrosse", "messaggio troppo grande",
      "dimensione (del messaggio |massima |)(eccede|supera|superata|eccessiva)", "troppo grande",
    ],
  },
  {
    // After spam-verdict: "rejected as spam by content filtering" is a spam verdict.
    id: "content-rejected",
    category: "content-related",
    description: "The message was refused for what it contains (content filter, prohibited words or material).",
    example: "550 5.7.1 Message rejected due to content restrictions",
    phrases: [
      "(message|mail|email) content", "contents of (the|this|your) (message|email)",
      "content (rejected|refused|denied|blocked|not allowed|filter|filtering|filters|policy|restrictions|restriction|violation|scanner|scan)",
      "(prohibited|forbidden|inappropriate|objectionable|offensive|unacceptable|suspicious|illegal|restricted|not allowed) (content|contents|words|language|text|material)",
      "rejected (due to|because of) (its |the |)content",
      "(because of|due to|by reason of|en raison de|a causa del|a causa de|wegen|devido ao|por su|por causa do) (its |the |son |seines |ihres |)(content|contents|contenu|contenido|contenuto|conteudo|inhalts|inhalt)",
      "content (rule|rules|examination|related)", "message filtered", "too many (links|urls)",
      "(banned|restricted|forbidden|prohibited|blocked) (word|words|keyword|keywords|phrase|phrases|terms)",
      // Filters on what the message is, not who sent it: data-loss rules, HTML-only, shortened links, encryption.
      "(data loss prevention|dlp) (rule|rules|policy|policies)", "html only (message|messages|mail|email)",
      "(shortened|shortener) (url|urls|link|links)", "url (shortener|shorteners)",
      "encrypted (message|messages|mail|email|emails|attachment|attachments) (are |is |)(not allowed|not accepted|blocked|prohibited)",
      "(contenido|conteudo|contenu|inhalt|contenuto) (rechazado|no permitido|prohibido|inapropiado|rejeitado|nao permitido|proibido|inadequado|refuse|interdit|non autorise|inapproprie|abgelehnt|nicht erlaubt|unzulassig|rifiutato|non consentito|vietato|inappropriato)",
    ],
    near: [
      {
        first: ["contenido", "conteudo", "contenu", "inhalt", "contenuto", "inhoud", "tresc", "obsah", "icerigi", "content"],
        then: [
          "rechazado", "rejeitado", "refuse", "abgelehnt", "rifiutato", "geweigerd", "odrzucona", "odmitnut",
          "reddedildi", "rejected", "refused", "blocked", "not allowed", "filtro", "filter", "inhoudsfilter", "filtr",
          "filtrem", "filtresi", "non conforme",
        ],
        within: 5,
      },
    ],
  },
  {
    // Before the domain rules: a DNS lookup that failed for now says nothing about whether the
    // domain exists; the route to the recipient's server is what failed.
    id: "connection-dns-temporary",
    category: "bad-connection",
    description: "A DNS lookup for the recipient's servers failed temporarily (SERVFAIL, timeout, \"try again\").",
    example: "451 4.4.3 Temporary DNS lookup failure for example.com (SERVFAIL)",
    phrases: [
      "servfail", "serverfailure", "errorretry", "eai again",
      "(temporary|temporarily|transient) (dns|dns lookup|name service|name server|name resolution|resolver) (failure|failures|error|errors|problem|timeout)",
      "(dns|lookup|lookups|dns query|dns lookup|host lookup) (failed|failure|error|errors) temporarily",
      "temporary failure in name resolution", "host not found try again", "unexpected name server reply",
      "(dns|lookup|name server|nameserver|resolver) (timeout|timed out)", "dns lookup timed out",
      "host lookup did not complete", "host name lookup failure", "name resolution temporarily failed",
      "(dns|name resolution|lookup) (temporarily|temporary) (unavailable|failed)",
    ],
  },
  {
    // Before mailbox rules, after sender rules ("Sender domain has no MX" is about us).
    id: "domain-no-mail",
    category: "bad-domain",
    description:
      "The recipient domain cannot receive mail: no MX, a null MX (RFC 7505) or \"domain does not accept mail\".",
    example: "556 5.1.10 Recipient address has null MX",
    phrases: [
      "null mx", "nullmx", "no mx", "no mail exchanger", "no mail exchangers",
      "(mx|mx record|mx records) (not found|lookup failed|missing|does not exist)",
      "does not accept (mail|email|e mail|messages)", "not accept any (mail|email)",
      "(host|domain|server) does not (receive|accept) (mail|email|e mail)",
      "couldn t find a mail exchanger", "couldn t find any host",
      "(unrouteable|unroutable) (mail |)domain", "no mail (hosts|servers|server) for",
    ],
  },
  {
    id: "domain-not-found",
    category: "bad-domain",
    description: "The recipient's domain does not exist or cannot be found in DNS (NXDOMAIN, host not found).",
    example:
      "smtp;Host or domain name not found. Name service error for name=exampel.com type=A: Host not found",
    phrases: [
      "nxdomain", "non existent domain", "nonexistent domain", "nonexistentdomain",
      "(unknown|invalid|inexistent|non existent|nonexistent|unresolvable|no such) (domain|domain name|host|hostname|host name|mail domain|recipient domain|destination domain)",
      "(host|hostname|host name) (not found|unknown|does not exist|could not be resolved|not resolvable)",
      "host or domain name not found", "name service error",
      "could not be found in (the |)(domain name service|dns)", "domain (name |)(is |)(misspelled|mistyped)",
      "no dns records", "not found in (the |)dns",
      "domain in the recipient address",
      "dns (error|failure|lookup failure|lookup failed|query failed|resolution failed|resolution failure|problem)",
      "(domain|host|mx) lookup (failed|failure|error)",
      "(could not|cannot|unable to|failed to|couldn t) resolve", "(does not|did not) resolve",
      "(dominio|domaine|domane) (inexistente|inesistente|inexistant|inexistent|inconnu|desconocido|desconhecido|sconosciuto|invalido|invalide|no existe|nao existe|non esiste)",
    ],
    near: [
      {
        first: [
          "domain", "domain name", "domains", "dominio", "domaine", "domane", "recipient domain", "domein",
          "domanen", "domena", "alan ad", "domeniul", "zieldomain",
        ],
        then: [
          "does not exist", "doesn t exist", "not exist", "not found", "unknown", "invalid",
          "inexistente", "inexistant", "inexistent", "no existe", "nao existe", "n existe pas",
          "existiert nicht", "non esiste", "desconocido", "desconhecido", "inconnu", "unbekannt",
          "sconosciuto", "introuvable", "no encontrado", "nao encontrado", "nicht gefunden",
          "non trovato", "could not be resolved", "not resolvable", "not registered", "expired",
          "non e stato trovato", "nao foi encontrado", "no se ha encontrado", "n a pas ete trouve",
          "wurde nicht gefunden", "not be found", "bestaat niet", "finns inte", "nie istnieje", "neexistuje",
          "bulunamad", "nu exista", "nem letezik", "niet gevonden", "hittades inte", "findes ikke",
          "konnte nicht aufgelost werden", "nicht existiert", "couldn t be found", "could not be found",
          "cannot be found", "can t be found",
        ],
        within: 4,
      },
    ],
  },
  {
    // After domain rules: "Unrouteable mail domain" is a domain problem; bare
    // "Unrouteable address" (Exim) is routing.
    id: "routing-unroutable",
    category: "routing-errors",
    description: "No route to the recipient's server could be found (unrouteable, no route to host).",
    example: "smtp;Unrouteable address",
    phrases: [
      "unrouteable", "unroutable", "no route to (the |)(destination|domain)",
      "(unable|cannot|can t|could not|couldn t|failed) (to |)route", "routing status",
      "routing (error|errors|failure|failed|problem)",
      "route not found", "no route (found|available|exists)",
      "(error|erro|erreur|errore) de (enrutamiento|roteamento|routage)", "errore di instradamento", "routingfehler",
      "(enrutar|acheminer|instradare|rotear|weiterleiten) (el|le|il|o|) (mensaje|message|messaggio|mensagem)",
      "keine route", "nessuna route", "(no hay|nao ha|pas de) (ruta|rota|route)", "next hop", "route for (the |)(recipient|domain)",
    ],
  },
  {
    // Microsoft 365 Directory-Based Edge Blocking: the recipient is not in the tenant.
    id: "mailbox-ms-dbeb",
    category: "bad-mailbox",
    description:
      "Microsoft 365: \"Recipient address rejected: Access denied. AS(201806281)\" means the recipient does not exist in the organisation.",
    example: "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DB5EUR01FT012.eop-EUR01.prod.protection.outlook.com]",
    phrases: ["recipient address rejected access denied as"],
  },
  {
    id: "mailbox-provider-code",
    category: "bad-mailbox",
    description:
      "A provider's own \"no such recipient\" wording: Exchange RecipNotFound, Microsoft RecipientNotFound, Yahoo/AOL \"doesn't have a … account\", Comcast \"not our customer\".",
    example:
      "smtp;554 delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0] - mta1234.mail.ne1.yahoo.com",
    phrases: [
      "recipnotfound", "recipientnotfound", "exrecipnotfound",
      "recipient not found by smtp address lookup", "not our customer", "(wasn t|was not) found at",
      "email account that you tried to reach does not exist",
    ],
    near: [
      {
        first: ["doesn t have a", "does not have a", "doesn t have an", "does not have an"],
        then: ["account"],
        within: 5,
      },
    ],
  },
  {
    id: "mailbox-bad-syntax",
    category: "bad-mailbox",
    description: "The recipient address is malformed (bad address syntax).",
    example: "501 5.1.3 Bad recipient address syntax",
    yieldsTo501: true,
    phrases: [
      "(address|recipient address|mailbox|destination|recipient) syntax",
      "syntax (error |)(in|of) (the |)(address|recipient|mailbox)",
      "(invalid|bad|illegal|malformed|improper) address (syntax|format)", "(invalid|illegal|malformed|improper) (syntax|format)",
      "malformed address", "(address|recipient) (format|syntax) (is |)(invalid|incorrect|error)",
      "format incorrect", "user address required",
      "formato (de direccion |)(incorrecto|invalido)", "formato de endereco invalido",
      "ungultiges format", "formato non valido",
    ],
  },
  {
    id: "mailbox-unknown",
    category: "bad-mailbox",
    description: "The recipient address does not exist on the receiving server (user unknown, no such user…).",
    example: "smtp;550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
    phrases: [
      `(unknown|invalid|nonexistent|non existent|inexistent|unrecognized|unrecognised|unregistered|illegal|bad) ${MAILBOX_NOUN}`,
      "unknown email",
      `${MAILBOX_NOUN} (could not|couldn t|cannot|can t) be (located|found)`,
      `${MAILBOX_NOUN} (is |was |)(unknown|invalid|not found|not valid|nonexistent|non existent|not known|not recognized|not recognised|unrecognized|no longer valid|no longer available)`,
      `${MAILBOX_NOUN} (is |was |)${NOT_EXIST}`,
      "no such (user|users|recipient|mailbox|mail box|address|account|person|local user|alias|addressee|email|e mail|email address|e mail address|login|mail drop|id|user or mailbox)",
      "not a (valid|known) (user|recipient|mailbox|address|account|email address|e mail address)",
      "no (mailbox|mail box) here", "no mailbox", "no mail box",
      "unknown or illegal (alias|user)", "i don t handle mail for",
      "doesn t handle mail for that user", "no one with that email address here",
      "no one here by that name", "mailbox name not allowed", "bad destination mailbox address",
    ],
    near: [
      {
        first: [
          "user", "recipient", "mailbox", "mail box", "address", "addressee", "account",
          "email address", "e mail address", "local part", "rcpt", "receiver", "email account",
        ],
        then: [
          "unknown", "not found", "does not exist", "doesn t exist", "not exist", "nonexistent",
          "non existent", "invalid", "not valid", "not known", "not recognized", "unrecognized",
          "not registered",
        ],
        within: 6,
      },
    ],
  },
  {
    id: "mailbox-unknown-localized",
    category: "bad-mailbox",
    description:
      "\"User unknown\" in Spanish, Portuguese, French, German or Italian (usuario desconocido, usuário desconhecido, utilisateur inconnu, Benutzer unbekannt, utente sconosciuto…).",
    example: "550 5.1.1 <someone@example.es>: usuario desconocido",
    phrases: [
      // Spanish
      "usuario (desconocido|inexistente|no existe|no encontrado|invalido|no valido)",
      "(cuenta|direccion|buzon|casilla|destinatario|correo) (de correo |electronico |electronica |)(no existe|inexistente|desconocido|desconocida|invalido|invalida|no valido|no valida|no encontrado|no encontrada)",
      "no existe (el usuario|la cuenta|el buzon|la direccion|la casilla|el destinatario)",
      // Portuguese
      "usuario (desconhecido|nao existe|nao encontrado)",
      "(conta|endereco|caixa postal|destinatario) (de e mail |de email |)(nao existe|inexistente|desconhecido|desconhecida|invalido|invalida|nao encontrado|nao encontrada)",
      "nao existe (o usuario|a conta|o endereco|esse usuario|este usuario)",
      // French
      "utilisateur (inconnu|inexistant|introuvable|invalide)",
      "(adresse|destinataire|boite|boite aux lettres|compte|adresse electronique|adresse e mail|adresse mail|boite mail) (inconnue|inconnu|inexistante|inexistant|invalide|introuvable|n existe pas)",
      "(aucun|pas de) (utilisateur|destinataire|compte|boite)",
      // German
      "(benutzer|empfanger|adresse|e mail adresse|emailadresse|postfach|konto|nutzer) (ist |)(unbekannt|existiert nicht|nicht vorhanden|nicht gefunden|ungultig|gibt es nicht)",
      "(unbekannter|unbekannte|unbekannten) (benutzer|empfanger|adresse|e mail adresse|nutzer)",
      "kein (postfach|benutzer|empfanger|konto)",
      // Italian
      "(utente|destinatario|indirizzo|casella|casella di posta|indirizzo email|indirizzo e mail) (sconosciuto|sconosciuta|inesistente|non esiste|non trovato|non trovata|non valido|non valida|errato|errata)",
      "(nessun|nessuna) (utente|casella)",
      // More Latin-script languages: Dutch, Swedish, Danish/Norwegian, Polish, Czech, Turkish,
      // Romanian, Hungarian; and Microsoft's localised "X wasn't found at example.com".
      "(gebruiker|ontvanger|geadresseerde|adres|e mailadres|mailbox|postvak) (is |)(onbekend|bestaat niet|niet gevonden|ongeldig)",
      "onbekende (gebruiker|ontvanger|geadresseerde)", "geen (gebruiker|mailbox|postvak) met",
      "(anvandaren|anvandare|mottagaren|adressen|brevladan|kontot) (finns inte|ar okand|hittades inte|existerar inte)",
      "okand (mottagare|anvandare|adress)", "ingen sadan (anvandare|mottagare|brevlada)",
      "(modtageren|modtager|brugeren|bruger|adressen|postkassen|mottakeren|mottaker|brukeren|bruker) (findes ikke|eksisterer ikke|er ukendt|finnes ikke|er ukjent)",
      "(ukendt|ukjent) (modtager|mottaker|bruger|bruker|adresse)",
      "(uzytkownik|odbiorca|adres|adresat|skrzynka) (nie istnieje|nieznany|nieznana|nie zostal znaleziony|nie znaleziony)",
      "nieznany (uzytkownik|odbiorca|adres|adresat)",
      "(uzivatel|prijemce|adresa|schranka) (neexistuje|nenalezen|nenalezena|neznamy|neznama)", "neznamy (uzivatel|prijemce)",
      // Turkish "ı" separates words (fold.ts), so "kullanıcı bulunamadı" reads "kullan c bulunamad".
      "(kullan c|al c|adres|posta kutusu|hesap) (bulunamad|mevcut de il|yok|bilinmiyor)", "bilinmeyen (kullan c|al c)",
      "(utilizator|utilizatorul|destinatar|destinatarul|adresa|contul) (inexistent|inexistenta|necunoscut|necunoscuta|nu exista)",
      "ismeretlen (cimzett|felhasznalo)", "(cimzett|felhasznalo|postafiok) nem letezik", "nem letezo (cimzett|felhasznalo|postafiok)",
      "no hay ningun (buzon|usuario)", "(aucune|aucun) (boite|boite aux lettres|utilisateur|compte) (de|avec) ce nom",
      "no se encontro a", "nao foi encontrado em", "est introuvable sur", "non e stato trovato in",
    ],
    near: [{ first: ["wurde bei"], then: ["nicht gefunden"], within: 4 }],
  },
  {
    // After the mailbox rules: "recipient unknown or mailbox disabled" (Libero) is an unknown
    // address; no mailbox phrase contains an inactivity word, so this order loses nothing.
    id: "inactive-mailbox",
    category: "inactive-mailbox",
    description: "The account exists but is disabled, suspended, inactive, closed or expired.",
    example: "smtp;550 5.2.1 The email account that you tried to reach is disabled.",
    phrases: [
      "disableduser", "deprovisioned",
      "(disabled|deactivated|suspended|inactive|expired|locked|frozen|dormant|closed) (account|mailbox|user|recipient|inbox)",
      "no longer (active|in use|used|accepting|accepts|monitored|receives|receiving)",
      "(due to|because of|for) inactivity",
      "not activated",
      "(account|mailbox) (has been |is |was |)(closed|terminated)",
      "(account|mailbox|address) (that |)you tried to reach (is|has been) (disabled|deactivated|suspended|inactive)",
    ],
    near: [
      {
        first: ACCOUNT_NOUNS,
        then: [
          "disabled", "deactivated", "de activated", "suspended", "inactive", "not active", "expired",
          "locked", "frozen", "terminated", "cancelled", "canceled", "discontinued", "dormant",
          "desactivada", "desactivado", "deshabilitada", "deshabilitado", "suspendida", "suspendido",
          "inactiva", "inactivo", "caducada", "desativada", "desativado", "inativa", "inativo",
          "suspensa", "suspenso", "desactive", "desactivee", "suspendu", "suspendue", "inactif",
          "expire", "deaktiviert", "gesperrt", "inaktiv", "stillgelegt", "disattivata", "disattivato",
          "disabilitata", "disabilitato", "sospesa", "sospeso", "inattiva", "inattivo", "scaduta", "scaduto",
          "bloqueada", "bloqueado", "gekundigt", "gedeactiveerd", "geblokkeerd", "opgeheven", "inaktiverat",
          "avstangt", "deaktiveret", "deaktivert", "sperret", "zablokowane", "zablokowana", "zablokowany",
          "nieaktywne", "nieaktywna", "wylaczone", "zablokovan", "zablokovany", "deaktivovan", "deaktivovany",
          "devre d s", "ask ya al nm s", "dezactivat", "suspendat", "letiltva", "felfuggesztve",
        ],
        within: 4,
      },
    ],
  },
  {
    id: "policy-not-authorized",
    category: "policy-related",
    description: "The receiver does not authorise delivery from us (banned sending IP, tenant or organisation rules).",
    example:
      "smtp;550 5.7.606 Access denied, banned sending IP [203.0.113.7]. To request removal from this list please visit https://sender.office.com/",
    phrases: [
      "not authorized", "not authorised", "unauthorized", "unauthorised", "banned",
      "traffic not accepted", "external forwarding", "unregistered domain", "unregistered domains",
      "blocked by (customer|tenant|organization|organisation|recipient|administrator|admin|the recipient|the administrator)",
      "(your|the sending|sending) (ip|ip address|domain|network|host|server) (is |has been |was |)(blocked|banned|rejected|refused|not allowed|denied)",
    ],
  },
  {
    // After the mailbox rules: "account disabled by policy" is an inactive account. After spam:
    // "rejected for policy reasons … spam-like" is spam.
    id: "policy-explicit",
    category: "policy-related",
    description: "The receiver says it refused the message by its (local, security, email) policy.",
    example: "554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes",
    phrases: ["policy", "policies", "politica", "politicas", "politique", "politiques", "richtlinie", "richtlinien"],
  },
  {
    // Last strong rule: a bare "does not exist" with no noun, after every specific use of it.
    id: "mailbox-does-not-exist",
    category: "bad-mailbox",
    description: "A bare \"does not exist\" (in any of the five languages) with nothing more specific: the address.",
    example: "550 5.1.1 <someone@example.com>: does not exist",
    phrases: [
      NOT_EXIST, "nonexistent", "non existent", "inexistente", "inexistant", "inexistante",
      "inesistente", "no existe", "nao existe", "n existe pas", "existiert nicht", "non esiste",
    ],
  },
];

/**
 * Generic wordings that only decide when the status code is missing or vague. RFC 5321's own
 * "mailbox unavailable" text is used for all kinds of refusals, so a 5.7.1 next to it is policy.
 */
export const WEAK_TEXT_RULES: TextRuleDef[] = [
  {
    id: "mailbox-unavailable",
    category: "bad-mailbox",
    description:
      "RFC 5321's \"mailbox unavailable\" wording, used by Microsoft and GMX for unknown users; a more specific status code wins.",
    example: "smtp;550 5.5.0 Requested action not taken: mailbox unavailable",
    phrases: [
      "mailbox (is |)(currently |temporarily |)unavailable", "mailbox not available",
      "(user|recipient|account|address) (is |)(unavailable|not available)",
      "buzon no disponible", "caixa postal indisponivel", "boite (aux lettres |)indisponible",
      "postfach nicht verfugbar", "casella non disponibile",
    ],
  },
  {
    id: "policy-access-denied",
    category: "policy-related",
    description: "A bare \"access denied\": the receiver's access rules refused us; a more specific status code wins.",
    example: "550 Access denied",
    phrases: ["access denied", "access refused", "acceso denegado", "acesso negado", "acces refuse", "zugriff verweigert", "accesso negato"],
  },
  {
    id: "mailbox-recipient-rejected",
    category: "bad-mailbox",
    description: "The recipient address was rejected without a reason; a more specific status code wins.",
    example: "550 Recipient address rejected",
    phrases: [
      "recipient address rejected", "recipient rejected", "rcpt rejected", "undeliverable address",
      "address rejected", "rejected recipient", "recipient (not accepted|refused|denied)",
      "destinatario (rechazado|rejeitado|rifiutato)", "destinataire refuse", "empfanger abgelehnt",
    ],
  },
  {
    // Before no-answer: a connection lost while negotiating TLS never got to the conversation.
    id: "connection-tls-failed",
    category: "bad-connection",
    description: "TLS could not be negotiated with the receiving server (a handshake failure other than its certificate).",
    example: "lost connection with mx.example.com[192.0.2.10] while performing the TLS handshake",
    phrases: [
      "(tls|ssl|starttls) (handshake|negotiation|session|connect|connection) (failed|failure|error)",
      "(tls|ssl) handshake", "handshake (failed|failure)", "tls negotiation", "starttls failed",
      "certificate (verify|verification) failed", "could not establish tls", "tls error", "ssl error",
      "(echec|erreur) (de la |lors de la |)(negociation|poignee de main) (tls|ssl)",
      "(tls|ssl) (fehlgeschlagen|fallida|fallita|falhou|mislukt)",
      "(negociacion|negociacao|negoziazione|aushandlung) (tls|ssl)",
    ],
  },
  {
    // Before no-answer: wording of the connecting phase ("reset while connecting", "connection
    // timed out after 60s" with no conversation) never reached the conversation.
    id: "connection-not-established",
    category: "bad-connection",
    description: "The connection failed while being opened (before any conversation).",
    example: "smtp; 4.4.1 connection reset while connecting",
    phrases: [
      "while connecting", "(when|while) (trying to |attempting to |)(connect|connecting)", "connection timed out after",
      "connect to (the |)(remote |)(host|server|mx) timed out",
    ],
  },
  {
    // Decision: connected, then no (or no further) reply → no-answer-from-host. Decides over
    // x.4.1 and x.4.2, which receivers and senders use for both.
    id: "no-answer-text",
    category: "no-answer-from-host",
    description:
      "The receiving server accepted the connection but did not answer, or dropped the connection mid-conversation.",
    example: "smtp;No answer from host mx.example.org after connection established",
    phrases: [
      "no answer", "not answering", "did not respond", "didn t respond", "not responding", "no response",
      "stopped responding", "did not answer", "never replied", "without responding", "before replying",
      "connection dropped", "dropped the connection", "connection closed", "closed connection",
      "closed the connection", "lost connection (with|after|while)", "hung up",
      "initial server greeting", "(server |smtp |)(greeting|banner)", "read error", "read timeout",
      "unexpected eof", "eof received", "premature end", "session timed out",
      "(timed out|timeout) while (sending|receiving|performing|reading|waiting)",
      "(timed out|timeout) (after|waiting|during|reading)", "(esperando|aguardando) (respuesta|resposta)",
      "sin respuesta", "no responde", "sem resposta", "nao responde", "pas de reponse", "ne repond pas",
      "keine antwort", "antwortet nicht", "nessuna risposta", "non risponde",
      "no longer responding", "said nothing", "empty reply", "disconnect", "disconnected", "went silent",
      "reset by peer (after|during)", "interrompue par (le serveur|l hote)", "getrennt", "reageerde niet",
      "nie odpowiedzial", "nereaguje", "nereagoval",
      "reageert niet", "antwoordt niet", "svarar inte", "svarer ikke", "nie odpowiada", "neodpovida",
      "yan t vermiyor", "nu raspunde", "nem valaszol",
      // A connection that broke after the conversation began (Exim, Haraka, Sendmail wordings).
      "(reset|econnreset|broken pipe) (after|during)",
      "(reset|econnreset|broken pipe) while (sending|receiving|reading|writing|talking|transferring)",
      "lost input channel", "(timeout|timed out) writing", "initial connection", "initial protocol handshake", "during (the |)(smtp |)(session|conversation|transfer)",
      "after (the |)(greeting|banner|helo|ehlo|mail from|rcpt to|data)",
    ],
  },
  {
    // Decision: could not open a working connection → bad-connection. Decides over x.4.1 and
    // x.4.2 too.
    id: "connection-failed-text",
    category: "bad-connection",
    description:
      "The connection to the receiving server could not be made or broke (refused, timed out, reset, unreachable).",
    example: "connect to mx.example.org[198.51.100.2]:25: Connection refused",
    phrases: [
      "connection refused", "conection refused", "(refused|refuse) (the |)connection", "connection timed out",
      "conection timed out", "connect timeout", "connection timeout", "connection reset", "reset by peer",
      "connection lost", "connection (died|interrupted)", "port (is |)(blocked|filtered|closed)",
      "(could not|couldn t|unable to|cannot|can t|failed to|wasn t able to|was not able to|not able to) (connect|establish)",
      "(could not|couldn t|unable to|cannot|can t|failed to) (be |)reach", "could be reached",
      "connection (failed|failure|error|attempt failed)", "connect failed", "network error", "socket error",
      "(network|host) (is |)unreachable", "no route to host", "timed out", "timeout",
      "conexion rechazada", "tiempo de espera agotado", "conexao recusada", "tempo esgotado",
      "connexion refusee", "delai d attente", "verbindung abgelehnt", "zeituberschreitung",
      "connessione rifiutata", "tempo scaduto",
      "econnrefused", "etimedout", "econnreset", "ehostunreach", "enetunreach",
      "verbinding geweigerd", "anslutningen nekades", "forbindelsen blev afvist", "polaczenie odrzucone",
      "spojeni odmitnuto", "baglant reddedildi", "conexiune refuzata", "kapcsolat elutasitva",
      "kan geen verbinding maken", "kunde inte ansluta", "nie mozna polaczyc", "impossible de se connecter",
      "no se pudo conectar", "nao foi possivel conectar", "impossibile connettersi",
      "verbindung konnte nicht hergestellt", "refuse la connexion", "rechazo la conexion", "recusou a conexao",
      // "host unreachable" / "connection failed" in other languages.
      "(hote|host|hostitel|servidor|serveur|server) (je |est |ist |is |esta |e |jest |)(injoignable|inaccessible|inacessivel|inalcanzable|inaccesible|nedostupny|irraggiungibile|nicht erreichbar|niedostepny|onbereikbaar|ulasilamiyor)",
      "(echec|erreur) de (la |)connexion", "(fallo|error) de conexion", "(falha|erro) de conexao",
      "(connessione|conexion|conexao|connexion|verbindung|polaczenie|spojeni) (scaduta|expirada|expiree|unterbrochen|zerwane|vyprselo)",
      "verbindungsfehler", "errore di connessione", "not accepting connections",
    ],
    // "host mx.example.com unreachable": the host's name between.
    near: [{ first: ["host", "server", "mx"], then: ["unreachable", "not reachable"], within: 5 }],
  },
  {
    // Last text rule: a refusal with no reason at all. The receiver chose to refuse: policy.
    id: "policy-refused-generic",
    category: "policy-related",
    description: "A bare \"blocked\", \"rejected\", \"refused\" or \"not allowed\" with no reason given.",
    example: "550 permanent failure for one or more recipients (someone@example.com:blocked)",
    phrases: [
      "blocked", "rejected", "refused", "denied", "not allowed", "not accepted", "not permitted",
      "prohibited", "forbidden", "rechazado", "rechazada", "bloqueado", "bloqueada", "denegado",
      "rejeitado", "rejeitada", "recusado", "recusada", "refuse", "refusee", "rejete", "rejetee",
      "bloque", "abgelehnt", "blockiert", "gesperrt", "verweigert", "rifiutato", "rifiutata",
      "bloccato", "bloccata", "respinto", "respinta",
    ],
  },
  {
    // Last of all: "could not be delivered" with no reason, time or retry word is `other`
    // (docs: disputed lines). A weak decision, so the model may still read a reason in the rest
    // of the reply when it is sure; without it, the model took these for message-expired.
    id: "other-delivery-failed",
    category: "other",
    description: "A delivery-failed placeholder that names no reason (\"Message not delivered\", \"Unzustellbar\").",
    example: "Die Nachricht konnte nicht zugestellt werden",
    phrases: [
      "(could not|couldn t|cannot|can t|was not|wasn t|unable to|failed to) (be |)deliver(ed|)", "not delivered", "undeliverable",
      "(delivery|delivering) (has |)(failed|failure|unsuccessful)", "delivery to the following (recipient|recipients) failed",
      "a problem (occurred|delivering)", "problem delivering",
      "nicht zugestellt", "unzustellbar", "zustellung (fehlgeschlagen|gescheitert)", "nicht zustellbar",
      "no se (pudo|ha podido) entregar", "no entregado", "no entregada", "entrega fallida", "error de entrega",
      "nao entregue", "nao (foi possivel|pode ser) entregue", "nao foi possivel entregar", "falha na entrega",
      "n a pas pu etre (remis|distribue|livre)", "non remis", "echec de (la |)(remise|distribution|livraison)", "probleme est survenu lors de la remise",
      "non (recapitato|consegnato)", "impossibile (consegnare|recapitare)", "consegna fallita", "problema durante il recapito",
      "niet (afgeleverd|bezorgd)", "bezorging mislukt", "fout bij bezorging",
      "nie (udalo sie|mozna) dostarczyc", "nie dostarczono", "dostarczenie wiadomosci nie powiodlo sie", "blad doreczenia",
      "nelze dorucit", "nebyla dorucena", "doruceni se nezdarilo", "nepodarilo dorucit",
      "teslim edilemedi", "iletilemedi",
    ],
  },
];
