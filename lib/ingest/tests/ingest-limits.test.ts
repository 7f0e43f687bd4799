import { testDir } from "../../../test/helpers/test-db";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { apiTokenFor } from "../../../test/helpers/api-token";

// The route reads the limit from the environment once, when lib/env loads: set it first.
vi.hoisted(() => {
  process.env.MAX_UPLOAD_BYTES = String(64 * 1024);
});

const LIMIT = 64 * 1024;
const uploads = () => path.join(testDir, "uploads");
const leftovers = () => (fs.existsSync(uploads()) ? fs.readdirSync(uploads()) : []);

/** A CSV of about `bytes` bytes, produced in small chunks like a network upload. */
function csvChunks(bytes: number): string[] {
  const chunks = ["email,date,status\n"];
  let size = chunks[0].length;
  for (let i = 0; size < bytes; i++) {
    const line = `someone${i}@example.com,2026-11-01,5.1.1\n`.repeat(50);
    chunks.push(line);
    size += line.length;
  }
  return chunks;
}

describe("storeUpload", () => {
  it("refuses a file over the limit with UploadTooLargeError and removes the partial file", async () => {
    const { storeUpload, UploadTooLargeError } = await import("@/lib/ingest/upload/store");
    const before = leftovers();
    const error = await storeUpload(Readable.from(csvChunks(200 * 1024)), LIMIT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect((error as Error).message).toMatch(/larger than the upload limit of 64\.0 KB/);
    expect(leftovers()).toEqual(before);
  });

  it("keeps a file at the limit", async () => {
    const { storeUpload } = await import("@/lib/ingest/upload/store");
    const body = Buffer.alloc(LIMIT, "a");
    const stored = await storeUpload(Readable.from([body]), LIMIT);
    expect(stored.size).toBe(LIMIT);
    expect(fs.statSync(stored.storedPath).size).toBe(LIMIT);
    fs.rmSync(stored.storedPath);
  });

  it("names each upload with a short, distinct, URL- and file-name-safe id", async () => {
    const { newImportId } = await import("@/lib/ingest/upload/store");
    const ids = Array.from({ length: 1000 }, newImportId);
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });
});

describe("POST /api/imports over the limit", () => {
  let token = "";
  beforeAll(async () => {
    token = await apiTokenFor("uploader@example.com", "member");
  });

  function multipart(chunks: string[], declareLength: boolean): Request {
    const boundary = "----rebound-limit-test";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const parts = [head, ...chunks, tail].map((c) => Buffer.from(c));
    const headers: Record<string, string> = { "content-type": `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token}` };
    if (declareLength) headers["content-length"] = String(parts.reduce((n, p) => n + p.length, 0));
    const body = Readable.toWeb(Readable.from(parts)) as ReadableStream<Uint8Array>;
    return new Request("http://127.0.0.1/api/imports", { method: "POST", headers, body, duplex: "half" } as RequestInit);
  }

  it("answers 413 while streaming (no Content-Length), keeps nothing, and fails the import the upload had started", async () => {
    const { POST } = await import("@/app/api/imports/route");
    const { sqlite } = await import("@/lib/db/sqlite");
    const before = leftovers();
    const bounces = sqlite().prepare("SELECT count(*) FROM Bounce").pluck().get();
    const res = await POST(multipart(csvChunks(300 * 1024), false) as never);
    expect(res.status).toBe(413);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("file-too-large");
    expect(json.error.message).toMatch(/upload limit of 64\.0 KB/);
    expect(leftovers()).toEqual(before);
    // The import is queued with the file's first bytes (it may read them while they arrive): it
    // ends failed, with nothing of it kept.
    const latest = () => sqlite().prepare("SELECT status, errorCode, rows FROM Import ORDER BY createdAt DESC, rowid DESC LIMIT 1").get();
    await vi.waitFor(() => expect(latest()).toMatchObject({ status: "failed", errorCode: "upload-incomplete", rows: 0 }), { timeout: 10_000 });
    expect(sqlite().prepare("SELECT count(*) FROM Bounce").pluck().get()).toBe(bounces);
  });

  it("answers 413 up front when the declared size is already too large", async () => {
    const { POST } = await import("@/app/api/imports/route");
    const before = leftovers();
    const res = await POST(multipart(csvChunks(300 * 1024), true) as never);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("file-too-large");
    expect(leftovers()).toEqual(before);
  });

  it("accepts a file under the limit", async () => {
    const { POST } = await import("@/app/api/imports/route");
    const res = await POST(multipart(csvChunks(8 * 1024), true) as never);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^[\w-]{12}$/);
  });
});
