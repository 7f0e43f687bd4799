/** Builds an mbox (mboxrd quoting) from message files, as a mail client exports a folder. */
import fs from "node:fs";
import path from "node:path";

export const MAIL_FIXTURES = path.resolve(__dirname, "../fixtures/mail");

export function makeMbox(messages: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [];
  messages.forEach((m, i) => {
    const text = (typeof m === "string" ? Buffer.from(m, "utf8") : m).toString("latin1").replace(/\r\n/g, "\n");
    const quoted = text.replace(/^(>*From )/gm, ">$1");
    parts.push(Buffer.from(`From MAILER-DAEMON Tue Nov 17 0${i % 10}:00:00 2026\n${quoted}${quoted.endsWith("\n") ? "" : "\n"}\n`, "latin1"));
  });
  return Buffer.concat(parts);
}

export function mailFixture(name: string): Buffer {
  return fs.readFileSync(path.join(MAIL_FIXTURES, name));
}
