/**
 * The display name a message's To header gives an address ("Ana Pérez <ana@example.com>"), for
 * notifications that carry the headers (SES, Mailgun): the subscriber's name when the file has no
 * name column.
 */

/** Splits a header's address list on commas outside quotes and angle brackets. */
function splitAddresses(header: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"' && header[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && c === "<") angle = true;
    else if (!quoted && c === ">") angle = false;
    else if (!quoted && !angle && c === ",") {
      parts.push(header.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(header.slice(start));
  return parts;
}

/** The name before `<email>` in the header (one string or a list of them), or null. */
export function displayNameFor(to: unknown, email: string): string | null {
  const headers = Array.isArray(to) ? to : [to];
  const wanted = email.trim().toLowerCase();
  for (const header of headers) {
    if (typeof header !== "string") continue;
    for (const part of splitAddresses(header)) {
      const m = /^\s*(.*?)\s*<\s*([^<>]+?)\s*>\s*$/.exec(part);
      if (!m || m[2].toLowerCase() !== wanted) continue;
      const name = decodeWords(m[1].replace(/^"(.*)"$/, "$1").replace(/\\(.)/g, "$1")).trim();
      return name.length > 0 ? name : null;
    }
  }
  return null;
}

/** RFC 2047 encoded words ("=?UTF-8?B?QW5h?="), as raw headers may carry them. Unknown charsets stay as written. */
function decodeWords(text: string): string {
  return text.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (word, charset: string, encoding: string, data: string) => {
    try {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(data, "base64")
          : Buffer.from(
              data.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
              "latin1",
            );
      return new TextDecoder(charset.toLowerCase(), { fatal: true }).decode(bytes);
    } catch {
      return word;
    }
  });
}
