import "server-only";
import { reader } from "../db/reader";

/**
 * Spam complaints (feedback-loop reports in uploads, complaint events from webhooks), kept apart from
 * bounces. Every text here came from strangers: pages render it as text only.
 */
export interface ComplaintView {
  id: number;
  email: string;
  /** The subscriber with this address, when Rebound knows one. */
  subscriberId: number | null;
  feedbackType: string;
  reporter: string | null;
  occurredAt: string;
  subject: string | null;
  /** An upload's complaint: the import, the file in a zip (null: the upload itself), the message number. */
  importId: string | null;
  importName: string | null;
  sourceFile: string | null;
  messageNo: number | null;
  /** A webhook's complaint: its source's name. */
  sourceName: string | null;
}

interface Row extends Omit<ComplaintView, "occurredAt"> {
  occurredAt: number;
}

/** Complaints newest first, all of them, one import's or one address's, a page at a time. */
export async function listComplaints(f: { importId?: string; email?: string; page: number; pageSize: number }) {
  const conditions: string[] = [];
  const params: string[] = [];
  if (f.importId) {
    conditions.push("c.importId = ?");
    params.push(f.importId);
  }
  if (f.email) {
    conditions.push("c.email = ?");
    params.push(f.email.toLowerCase());
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
  const [count, rows] = await Promise.all([
    reader().pluck<number>(`SELECT count(*) FROM Complaint c ${where}`, params),
    reader().all<Row>(
      `SELECT c.id, c.email, s.id AS subscriberId, c.feedbackType, c.reporter, c.occurredAt, c.subject, c.importId,
        i.fileName AS importName, c.sourceFile, c.messageNo, w.name AS sourceName
      FROM Complaint c
      LEFT JOIN Subscriber s ON s.email = c.email
      LEFT JOIN Import i ON i.id = c.importId
      LEFT JOIN WebhookSource w ON w.id = c.sourceId
      ${where} ORDER BY c.occurredAt DESC, c.id DESC LIMIT ? OFFSET ?`,
      [...params, f.pageSize, (f.page - 1) * f.pageSize],
    ),
  ]);
  return { data: rows.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt).toISOString() })), count: count ?? 0, page: f.page, pageSize: f.pageSize };
}

/** When an address last complained (and how), or null: shown on its subscriber's page. */
export async function lastComplaint(email: string): Promise<{ occurredAt: string; feedbackType: string; count: number } | null> {
  const row = await reader().get<{ at: number | null; n: number; type: string | null }>(
    "SELECT max(occurredAt) AS at, count(*) AS n, (SELECT feedbackType FROM Complaint WHERE email = ? ORDER BY occurredAt DESC LIMIT 1) AS type FROM Complaint WHERE email = ?",
    [email, email],
  );
  return !row || row.at === null ? null : { occurredAt: new Date(row.at).toISOString(), feedbackType: row.type ?? "abuse", count: row.n };
}
