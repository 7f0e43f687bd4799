/**
 * `npm run bench:mail` — how fast bounce emails are read: an mbox of the test fixtures repeated
 * (default 4,000 messages), parsed by postal-mime alone, then read whole by Rebound's mail reader
 * (splitting, MIME, DSN fields, text extractors), in messages per second.
 *
 *   tsx scripts/bench-mail.ts [--messages 4000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import PostalMime from "postal-mime";
import { openBounceFile } from "../lib/formats/open";
import { MAIL_FIXTURES, mailFixture, makeMbox } from "../test/helpers/make-mbox";

async function main() {
  const { values } = parseArgs({ options: { messages: { type: "string", default: "4000" } } });
  const count = Number(values.messages);
  const fixtures = fs
    .readdirSync(MAIL_FIXTURES)
    .filter((f) => f.endsWith(".eml"))
    .map(mailFixture);
  const messages = Array.from({ length: count }, (_, i) => fixtures[i % fixtures.length]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rebound-bench-mail-")), "bench.mbox");
  fs.writeFileSync(file, makeMbox(messages));
  console.log(`${count} messages, ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB mbox`);

  let t = performance.now();
  for (const m of messages) {
    await PostalMime.parse(m, { forceRfc822Attachments: true, attachmentEncoding: "arraybuffer", maxNestingDepth: 24 }).catch(() => null);
  }
  let s = (performance.now() - t) / 1000;
  console.log(`postal-mime parse alone: ${Math.round(count / s)} msgs/s`);

  t = performance.now();
  let rows = 0;
  for await (const b of (await openBounceFile(file)).batches) rows += b.rows.length;
  s = (performance.now() - t) / 1000;
  console.log(`mail reader (split, parse, DSN and text): ${Math.round(count / s)} msgs/s, ${rows} rows`);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

void main();
