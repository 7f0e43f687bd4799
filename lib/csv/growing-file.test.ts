import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { ImportFileError } from "../errors";
import { completePathOf, partPathOf, readFileChunks, type GrowingReadOptions } from "./growing-file";
import { openTextSource } from "./source";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rebound-growing-"));
let n = 0;
const newPath = () => path.join(dir, `upload-${++n}.upload`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readAll(file: string, options: GrowingReadOptions = { chunkBytes: 1000, pollMs: 5 }): Promise<{ bytes: Buffer; chunks: number[] }> {
  const chunks: Buffer[] = [];
  for await (const c of readFileChunks(file, options)) chunks.push(Buffer.from(c));
  return { bytes: Buffer.concat(chunks), chunks: chunks.map((c) => c.length) };
}

/** Writes `parts` to the part file one by one with a pause between, as an upload arriving. */
async function upload(file: string, parts: string[], end: "complete" | "fail"): Promise<void> {
  const part = partPathOf(file);
  fs.writeFileSync(part, "");
  for (const p of parts) {
    await sleep(15);
    fs.appendFileSync(part, p);
  }
  await sleep(15);
  if (end === "complete") fs.renameSync(part, file);
  else fs.rmSync(part);
}

describe("reading an upload while it arrives", () => {
  it("reads a complete file in chunks", async () => {
    const file = newPath();
    fs.writeFileSync(file, "x".repeat(2500));
    expect(await readAll(file)).toEqual({ bytes: Buffer.from("x".repeat(2500)), chunks: [1000, 1000, 500] });
  });

  it("follows the part file until the upload is complete, in whole chunks, and reads every byte once", async () => {
    const file = newPath();
    const parts = Array.from({ length: 12 }, (_, i) => String.fromCharCode(97 + i).repeat(377));
    const writing = upload(file, parts, "complete");
    await sleep(2);
    const { bytes, chunks } = await readAll(file);
    await writing;
    expect(bytes.toString()).toBe(parts.join(""));
    // Every chunk but the last waited to be whole, so the first is enough to sniff the file by.
    expect(chunks.slice(0, -1).every((c) => c === 1000)).toBe(true);
    expect(fs.existsSync(partPathOf(file))).toBe(false);
  });

  it("fails with upload-incomplete when the upload is given up", async () => {
    const file = newPath();
    const writing = upload(file, ["a".repeat(1500), "b".repeat(200)], "fail");
    await sleep(2);
    const error = await readAll(file).catch((e: unknown) => e);
    await writing;
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error).toMatchObject({ code: "upload-incomplete", message: expect.stringMatching(/did not finish.*Upload the file again/) });
  });

  it("finishes, not fails, when the upload completes between two looks at the files", async () => {
    const file = newPath();
    fs.writeFileSync(partPathOf(file), "z".repeat(300));
    // The rename lands right after the reader's first look, whichever file it looks at.
    const realExists = fs.existsSync;
    const spy = vi.spyOn(fs, "existsSync").mockImplementation((p) => {
      const answer = realExists(p);
      if (realExists(partPathOf(file))) fs.renameSync(partPathOf(file), file);
      return answer;
    });
    try {
      expect((await readAll(file)).bytes.toString()).toBe("z".repeat(300));
    } finally {
      spy.mockRestore();
    }
  });

  it("gives up an upload whose part file stops growing", async () => {
    const file = newPath();
    fs.writeFileSync(partPathOf(file), "a".repeat(10));
    const started = Date.now();
    const error = await readAll(file, { chunkBytes: 1000, pollMs: 5, stallMs: 80 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "upload-incomplete" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
  });

  it("throws ENOENT, as fs does, when there is neither file", async () => {
    await expect(readAll(newPath())).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("names part files after the upload they complete", () => {
    expect(completePathOf(partPathOf("/data/uploads/abc.upload"))).toBe("/data/uploads/abc.upload");
    expect(completePathOf("/data/uploads/abc.upload")).toBeNull();
  });

  it("lets a text source decode an upload still arriving, and still says when it is empty", async () => {
    const file = newPath();
    const writing = upload(file, ["email,status\n", "a@example.com,5.1.1\n".repeat(3)], "complete");
    await sleep(2);
    const source = await openTextSource(file);
    let text = "";
    for await (const t of source.chunks()) text += t;
    await writing;
    expect(text).toBe("email,status\n" + "a@example.com,5.1.1\n".repeat(3));

    const empty = newPath();
    const nothing = upload(empty, [], "complete");
    await expect(openTextSource(empty)).rejects.toMatchObject({ code: "empty-file" });
    await nothing;
  });
});
