/**
 * A database of N subscribers for the HTTP benchmarks, written with direct SQL inserts (one bounce
 * each, 5,000 domains, the 16 categories, bad-mailbox exactly 10%), much faster than an import.
 */
import Database from "better-sqlite3";

// 16 categories; "bad-mailbox" gets exactly 10% of the subscribers (100,000 of 1,000,000) for the export.
export const CATEGORIES = [
  "bad-mailbox",
  "bad-domain",
  "inactive-mailbox",
  "quota-issues",
  "spam-related",
  "policy-related",
  "content-related",
  "message-expired",
  "no-answer-from-host",
  "bad-connection",
  "routing-errors",
  "relaying-issues",
  "bad-configuration",
  "protocol-errors",
  "virus-related",
  "other",
];
export const categoryOf = (i: number) => (i % 10 === 0 ? "bad-mailbox" : CATEGORIES[1 + (i % 15)]);

export function loadSubscribers(dbFile: string, N: number): void {
  const t0 = performance.now();
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -131072");
  const now = Date.now();
  db.prepare(
    "INSERT INTO Import (id, fileName, storedPath, sha256, size, status, rows, accepted, createdAt) VALUES ('bench', 'bench.csv', '/dev/null', '', 0, 'done', ?, ?, ?)",
  ).run(N, N, now);
  const insS =
    db.prepare(`INSERT INTO Subscriber (id, email, domain, category, ruleCategory, status, firstBouncedAt, lastBouncedAt, bounceCount, lastImportId, updatedAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'bench', ?)`);
  const insB =
    db.prepare(`INSERT INTO Bounce (subscriberId, importId, line, occurredAt, category, categorySource, ruleId, ruleCategory, dsnStatus, replyCode, diagnostic, remoteMta, dedupeKey)
    VALUES (?, 'bench', ?, ?, ?, 'export', 'bench', ?, '5.1.1', 550, ?, ?, ?)`);
  const statuses = ["open", "open", "open", "in_progress", "recovered", "unrecoverable"];
  const start = Date.UTC(2026, 0, 1);
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const domain = `company${i % 5000}.example`;
      const email = `user${i}.${(i * 7919) % 100000}@${domain}`;
      const cat = categoryOf(i);
      const at = start + ((i * 7919) % 31_536_000) * 1000;
      insS.run(i + 1, email, domain, cat, cat, statuses[i % statuses.length], at, at, now);
      insB.run(i + 1, i + 2, at, cat, cat, `550 5.1.1 user unknown (${i})`, `mx.${domain}`, i);
    }
  });
  for (let i = 0; i < N; i += 50_000) batch(i, Math.min(N, i + 50_000));
  db.exec("ANALYZE");
  db.close();
  console.log(`loaded ${N} subscribers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
