import { describe, expect, it } from "vitest";
import { parseCsv } from "../csv/parser";
import { genericBatchFile, readGenericBody } from "./generic";

const keysOf = (text: string) => {
  const r = readGenericBody(text);
  if (!r.ok) throw new Error(r.error);
  return r.events.map((e) => e.key);
};

describe("generic webhook bodies", () => {
  const jsonl = [
    '{"email":"a@example.com","status":"5.1.1","diagnostic":"550 user unknown","occurred_at":"2026-12-07T10:00:00Z"}',
    "",
    '{"email":"b@example.com","status":"4.2.2","diagnostic":"mailbox full"}',
  ].join("\n");
  const csv = 'email,status,diagnostic,occurred_at\na@example.com,5.1.1,550 user unknown,2026-12-07T10:00:00Z\n"b@example.com","4.2.2","mailbox full",\n';

  it("reads JSON lines and CSV; the same line in either layout has the same key", () => {
    const a = keysOf(jsonl);
    expect(a).toHaveLength(2);
    expect(keysOf(csv)).toEqual(a);
    expect(new Set(a).size).toBe(2);
  });

  it("refuses the whole body over one bad line, naming it", () => {
    expect(readGenericBody(`${jsonl}\n{"email": 3`)).toEqual({ ok: false, error: "line 4: not JSON" });
    expect(readGenericBody('{"status":"5.1.1"}')).toEqual({ ok: false, error: "line 1: email is missing" });
    expect(readGenericBody("email,reason\na@example.com,x\n")).toEqual({
      ok: false,
      error: 'line 1: unknown column "reason" (expected email,status,diagnostic,occurred_at)',
    });
    expect(readGenericBody("status\n5.1.1\n")).toEqual({ ok: false, error: "line 1: no email column" });
    expect(readGenericBody("email,status\nnot-an-address,5.1.1\n")).toEqual({ ok: false, error: 'line 2: email "not-an-address" is not an address' });
    expect(readGenericBody("  \n")).toEqual({ ok: false, error: "the body is empty" });
  });

  it("writes the waiting rows as a CSV that keeps every value, quotes included", () => {
    const r = readGenericBody('{"email":"q@example.com","diagnostic":"550 \\"no\\", sorry","occurred_at":"2026-12-07"}');
    if (!r.ok) throw new Error(r.error);
    const file = genericBatchFile(r.events.map((e) => JSON.stringify(e.kind === "bounce" && e.payload)));
    expect(parseCsv(file).records.map((x) => x.fields)).toEqual([
      ["email", "date", "status", "diagnostic"],
      ["q@example.com", "2026-12-07", "", '550 "no", sorry'],
    ]);
  });
});
