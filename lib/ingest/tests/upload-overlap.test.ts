import { testDir } from "../../../test/helpers/test-db";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { sqlite, writeTransaction } from "@/lib/db/sqlite";
import { apiTokenFor } from "../../../test/helpers/api-token";

// An upload that starts while the queue is free is imported as it arrives (lib/csv/growing-file.ts):
// the import reads the part file, and only the rename at the end of the upload lets it finish.

const uploads = () => path.join(testDir, "uploads");
const parts = () => (fs.existsSync(uploads()) ? fs.readdirSync(uploads()).filter((f) => f.endsWith(".part")) : []);
const scalar = (sql: string, ...p: unknown[]) =>
  sqlite()
    .prepare(sql)
    .pluck()
    .get(...p) as number;
const importRow = (id: string) =>
  sqlite().prepare("SELECT status, errorCode, rows, accepted, duplicates, size, sha256, storedPath FROM Import WHERE id = ?").get(id) as {
    status: string;
    errorCode: string | null;
    rows: number;
    accepted: number;
    size: number;
    sha256: string;
    storedPath: string;
  };
const latestImportId = () => sqlite().prepare("SELECT id FROM Import ORDER BY createdAt DESC, rowid DESC LIMIT 1").pluck().get() as string | undefined;

/** Rows of a CSV of generic layout, `from` to `to` (exclusive): ~45 bytes each. */
function rows(from: number, to: number): string {
  let text = "";
  for (let i = from; i < to; i++) text += `overlap${i}@overlap${i % 50}.example,2026-11-02,5.1.1,550 5.1.1 User unknown\n`;
  return text;
}

let token = "";
beforeAll(async () => {
  token = await apiTokenFor("overlap@example.com", "member");
});

const BOUNDARY = "----rebound-overlap-test";

/** A multipart POST whose body the test writes as it goes, like a slow network upload. */
function slowUpload(fields: { before?: Record<string, string>; after?: Record<string, string>; length?: string | null } = {}) {
  const body = new PassThrough();
  const field = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  for (const [k, v] of Object.entries(fields.before ?? {})) body.write(field(k, v));
  body.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="slow.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const sent: string[] = [];
  return {
    send(text: string) {
      sent.push(text);
      body.write(text);
    },
    end() {
      body.write("\r\n");
      for (const [k, v] of Object.entries(fields.after ?? {})) body.write(field(k, v));
      body.end(`--${BOUNDARY}--\r\n`);
    },
    cut() {
      body.destroy(new Error("connection reset by the client"));
    },
    fileText: () => sent.join(""),
    request: () =>
      new Request("http://127.0.0.1/api/imports", {
        method: "POST",
        // Declared larger than sent: over 8 MB, the import reads in its prepare thread and checkpoints
        // from a third one, as a big upload's does.
        headers: {
          "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
          ...(fields.length === null ? {} : { "content-length": fields.length ?? "9500000" }),
          authorization: `Bearer ${token}`,
        },
        body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit),
  };
}

/** Waits for the import after `previous` to appear and to have committed rows while its upload is still going. */
async function importStartedDuringUpload(previous: string | undefined): Promise<string> {
  let id = "";
  await vi.waitFor(
    () => {
      id = latestImportId() ?? "";
      expect(id).not.toBe(previous);
      expect(importRow(id)?.rows ?? 0).toBeGreaterThan(0);
    },
    { timeout: 20_000, interval: 20 },
  );
  return id;
}

describe("an upload imported while it arrives", () => {
  it("has rows stored before the upload ends, and comes out complete, counted once, with the file's real size and hash", async () => {
    const { POST } = await import("@/app/api/imports/route");
    const before = latestImportId();
    const upload = slowUpload();
    const answer = POST(upload.request() as never);
    upload.send("email,date,status,diagnostic\n" + rows(0, 60_000)); // ~2.7 MB: more than one read
    const id = await importStartedDuringUpload(before);
    expect(importRow(id).status).toBe("processing");
    expect(fs.existsSync(importRow(id).storedPath)).toBe(false); // still arriving
    upload.send(rows(60_000, 65_000));
    upload.end();

    const res = await answer;
    expect(res.status).toBe(202);
    expect(((await res.json()) as { id: string }).id).toBe(id);
    await vi.waitFor(() => expect(importRow(id).status).toBe("done"), { timeout: 20_000 });
    const text = upload.fileText();
    expect(importRow(id)).toMatchObject({
      rows: 65_000,
      accepted: 65_000,
      duplicates: 0,
      size: Buffer.byteLength(text),
      sha256: crypto.createHash("sha256").update(text).digest("hex"),
    });
    expect(scalar("SELECT count(*) FROM Bounce WHERE importId = ?", id)).toBe(65_000);
    expect(fs.readFileSync(importRow(id).storedPath, "utf8")).toBe(text);
    expect(parts()).toEqual([]);
  });

  it("is failed, with every row it had stored removed, when the client cuts the upload off", async () => {
    const { POST } = await import("@/app/api/imports/route");
    const bounces = scalar("SELECT count(*) FROM Bounce");
    const subscribers = scalar("SELECT count(*) FROM Subscriber");
    const before = latestImportId();
    const upload = slowUpload();
    const answer = POST(upload.request() as never);
    upload.send("email,date,status,diagnostic\n" + rows(100_000, 160_000));
    const id = await importStartedDuringUpload(before);
    upload.cut();

    const res = await answer;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("upload-failed");
    await vi.waitFor(() => expect(importRow(id)).toMatchObject({ status: "failed", errorCode: "upload-incomplete", rows: 0 }), { timeout: 20_000 });
    expect(scalar("SELECT count(*) FROM Bounce")).toBe(bounces);
    expect(scalar("SELECT count(*) FROM Subscriber")).toBe(subscribers);
    expect(fs.existsSync(importRow(id).storedPath)).toBe(false);
    expect(parts()).toEqual([]);
  });

  it("refuses a mapping sent after the file, since the import has started without it", async () => {
    const { POST } = await import("@/app/api/imports/route");
    const upload = slowUpload({ after: { mapping: JSON.stringify({ email: "email" }) } });
    const answer = POST(upload.request() as never);
    upload.send("email,date,status,diagnostic\n" + rows(200_000, 200_100));
    upload.end();
    const res = await answer;
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error).toMatchObject({ code: "invalid-mapping", message: expect.stringMatching(/mapping field before the file/) });
    const id = latestImportId()!;
    await vi.waitFor(() => expect(importRow(id)).toMatchObject({ status: "failed", rows: 0 }), { timeout: 20_000 });
    expect(parts()).toEqual([]);
  });

  it("is refused, and nothing kept, when its import gave up waiting for it", async () => {
    const { POST } = await import("@/app/api/imports/route");
    const before = latestImportId();
    const upload = slowUpload();
    const answer = POST(upload.request() as never);
    upload.send("email,date,status,diagnostic\n" + rows(300_000, 360_000));
    const id = await importStartedDuringUpload(before);
    // What the import does when its reader has had no byte for two minutes (lib/csv/growing-file.ts).
    const { partPathOf } = await import("@/lib/csv/growing-file");
    await writeTransaction(sqlite(), () => sqlite().prepare("UPDATE Import SET status = 'failed', errorCode = 'upload-incomplete' WHERE id = ?").run(id));
    upload.end();
    const res = await answer;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("upload-stalled");
    expect(fs.existsSync(importRow(id).storedPath)).toBe(false);
    expect(fs.existsSync(partPathOf(importRow(id).storedPath))).toBe(false);
    await vi.waitFor(() => expect(importRow(id)).toMatchObject({ status: "failed", rows: 0 }), { timeout: 20_000 });
  });

  it("of unknown size (no Content-Length) waits for its end before its import starts, then imports whole", async () => {
    const { POST } = await import("@/app/api/imports/route");
    const before = latestImportId();
    const upload = slowUpload({ length: null });
    const answer = POST(upload.request() as never);
    upload.send("email,date,status,diagnostic\n" + rows(400_000, 460_000));
    await vi.waitFor(() => expect(latestImportId()).not.toBe(before), { timeout: 10_000 });
    const id = latestImportId()!;
    await new Promise((r) => setTimeout(r, 1500));
    expect(importRow(id)).toMatchObject({ status: "queued", rows: 0 });
    upload.end();
    expect((await answer).status).toBe(202);
    await vi.waitFor(() => expect(importRow(id)).toMatchObject({ status: "done", accepted: 60_000 }), { timeout: 20_000 });
  });

  it("uses a mapping sent before the file", async () => {
    const { POST } = await import("@/app/api/imports/route");
    const upload = slowUpload({ before: { mapping: JSON.stringify({ email: "address", status: "code" }) } });
    const answer = POST(upload.request() as never);
    upload.send("address,code\n" + "mapped1@mapped.example,5.1.1\nmapped2@mapped.example,5.2.2\n");
    upload.end();
    const res = await answer;
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await vi.waitFor(() => expect(importRow(id)).toMatchObject({ status: "done", accepted: 2 }), { timeout: 20_000 });
  });
});

describe("an upload cut off by a restart", () => {
  it("has its part file removed and its import failed, while an upload still arriving is left alone, and one recorded whole is kept", async () => {
    const { partFilesInFlight } = await import("@/lib/ingest/upload/store");
    const { kickImportQueue } = await import("@/lib/ingest/queue/queue");
    const { partPathOf } = await import("@/lib/csv/growing-file");
    fs.mkdirSync(uploads(), { recursive: true });
    const cutOff = path.join(uploads(), "cutoff000001.upload");
    fs.writeFileSync(partPathOf(cutOff), "email,status\nhalf@example.com,5.1");
    sqlite()
      .prepare(
        "INSERT INTO Import (id, fileName, storedPath, sha256, size, status, createdAt) VALUES ('cutoff000001', 'big.csv', ?, NULL, 5000000, 'processing', ?)",
      )
      .run(cutOff, Date.now());
    const arriving = partPathOf(path.join(uploads(), "arriving0001.upload"));
    fs.writeFileSync(arriving, "email,status\n");
    partFilesInFlight().add(arriving);
    // Recorded whole (uploadedAt, hash and size), cut off before its rename.
    const whole = path.join(uploads(), "wholefile001.upload");
    const text = "email,status\nwhole1@whole.example,5.1.1\nwhole2@whole.example,5.1.1\n";
    fs.writeFileSync(partPathOf(whole), text);
    sqlite()
      .prepare(
        "INSERT INTO Import (id, fileName, storedPath, uploadedAt, sha256, size, status, createdAt) VALUES ('wholefile001', 'whole.csv', ?, ?, 'abc', ?, 'queued', ?)",
      )
      .run(whole, Date.now(), Buffer.byteLength(text), Date.now());

    // Of unknown size, so never started: its upload was cut off with nothing of it stored.
    const unknown = path.join(uploads(), "unknownsz001.upload");
    fs.writeFileSync(partPathOf(unknown), "email,status\n");
    sqlite()
      .prepare(
        "INSERT INTO Import (id, fileName, storedPath, sha256, size, status, createdAt) VALUES ('unknownsz001', 'chunked.csv', ?, NULL, NULL, 'queued', ?)",
      )
      .run(unknown, Date.now());

    // What a fresh server process does first.
    (globalThis as unknown as { reboundQueue: { recovered: boolean } }).reboundQueue.recovered = false;
    kickImportQueue();
    await vi.waitFor(() => expect(importRow("cutoff000001")).toMatchObject({ status: "failed", errorCode: "upload-incomplete", rows: 0 }), { timeout: 20_000 });
    expect(fs.existsSync(partPathOf(cutOff))).toBe(false);
    expect(importRow("unknownsz001")).toMatchObject({ status: "failed", errorCode: "upload-incomplete" });
    expect(fs.existsSync(partPathOf(unknown))).toBe(false);
    expect(fs.existsSync(arriving)).toBe(true);
    await vi.waitFor(() => expect(importRow("wholefile001")).toMatchObject({ status: "done", accepted: 2 }), { timeout: 20_000 });
    expect(fs.readFileSync(whole, "utf8")).toBe(text);
    partFilesInFlight().delete(arriving);
    fs.rmSync(arriving);
  });
});
