import { describe, expect, it } from "vitest";
import { PackedBatchBuilder, PackedBufferPool, packedBuffers, unpackBatch } from "./packed-batch";
import type { KeyHashes } from "../pipeline/dedupe";
import { plainBatch, PreparedBatchBuilder, type BatchBuilder, type PreparedBounce } from "../pipeline/prepare";

function bounce(i: number, overrides: Partial<Record<number, unknown>> = {}): PreparedBounce {
  const t: unknown[] = [
    i + 2,
    `user${i}@example${i % 7}.com`,
    `example${i % 7}.com`,
    i % 3 ? null : `Name ${i}`,
    null,
    i % 5 ? null : "ACME",
    1_790_000_000_000 + i * 1000,
    "bad-mailbox",
    i % 9 ? (i % 2 ? "export" : "rule") : "team",
    "mailbox-unknown",
    "bad-mailbox",
    i % 4 ? "5.1.1" : null,
    i % 6 ? 550 : null,
    `550 5.1.1 <user${i}@example.com>: Recipient address rejected: User unknown in virtual mailbox table (${i})`,
    i % 8 ? `mx.example${i % 7}.com` : null,
    i % 9 ? null : "quota-issues",
  ];
  for (const [k, v] of Object.entries(overrides)) t[Number(k)] = v;
  return t as PreparedBounce;
}

/** A bounce with its KeyHashes (made-up values, some negative: the writer's tables take any 32-bit ones). */
function row(i: number, overrides: Partial<Record<number, unknown>> = {}): [PreparedBounce, KeyHashes] {
  return [bounce(i, overrides), { email: Math.imul(i, 0x9e3779b1), keyHi: -i, keyLo: 0x7fffffff - i }];
}

/** Feeds both builders the same rows; the packed batch crosses a (simulated) thread boundary, copied as postMessage does. */
function roundTrip(fill: (b: BatchBuilder<unknown>) => void) {
  const plain = new PreparedBatchBuilder();
  const packed = new PackedBatchBuilder();
  fill(plain);
  fill(packed);
  return { expected: plainBatch(plain.finish(123)), actual: plainBatch(unpackBatch(structuredClone(packed.finish(123)))) };
}

describe("packed batches", () => {
  it("give back the same tuples, rejects and counts", () => {
    const { expected, actual } = roundTrip((b) => {
      for (let i = 0; i < 50; i++) b.bounce(...row(i));
      b.reject({ line: 60, column: "rcpt", reason: "invalid email address 'x'", raw: "b,x" });
      b.skip("delivery record (type d), not a bounce");
      b.skip("delivery record (type d), not a bounce");
      b.undated = 3;
    });
    expect(actual).toStrictEqual(expected);
    expect(actual.bounces[0]).toHaveLength(16);
    expect(actual.hashes.slice(3, 6)).toEqual([Math.imul(1, 0x9e3779b1), -1, 0x7fffffff - 1]);
    expect(actual.hashes).toHaveLength(150);
  });

  it("keep every string exactly: Latin-1, wider characters, lone surrogates, empty ones", () => {
    const texts = ["", "ñandú", "ÿ\u0080\u009f", "Zeitüberschreitung – 421", "\u{1F4E7} mail", "\ud800 alone", "end \udc00", "a\u0000b"];
    for (const text of texts) {
      const { expected, actual } = roundTrip((b) => {
        b.bounce(...row(1));
        b.bounce(...row(2, { 13: text, 3: text }));
        b.bounce(...row(3));
      });
      expect(actual, JSON.stringify(text)).toStrictEqual(expected);
    }
  });

  it("keep rows whose own strings are all empty or missing, between ASCII and Latin-1 ones", () => {
    const { expected, actual } = roundTrip((b) => {
      b.bounce(...row(1, { 1: "", 2: "", 3: null, 5: null, 11: null, 13: null, 14: null }));
      b.bounce(...row(2));
      b.bounce(...row(3, { 13: "ñandú" }));
      b.bounce(...row(4, { 1: "", 2: "", 3: null, 5: null, 11: null, 13: null, 14: null }));
      b.bounce(...row(5));
    });
    expect(actual).toStrictEqual(expected);
  });

  it("keep a row's ASCII strings when a value shared between rows first brings a wider character", () => {
    const { expected, actual } = roundTrip((b) => {
      b.bounce(...row(1));
      b.bounce(...row(2, { 9: "κανόνας" }));
      b.bounce(...row(3));
    });
    expect(actual).toStrictEqual(expected);
  });

  it("keep numbers exactly and tell them from null", () => {
    const { actual } = roundTrip((b) => b.bounce(...row(1, { 0: -0, 6: NaN, 12: null })));
    expect(Object.is(actual.bounces[0][0], -0)).toBe(true);
    expect(actual.bounces[0][6]).toBeNaN();
    expect(actual.bounces[0][12]).toBeNull();
  });

  it("pass values of other types as they are", () => {
    const { expected, actual } = roundTrip((b) => b.bounce(...row(1, { 3: undefined, 4: true, 5: { odd: [1] }, 12: "550" })));
    expect(actual).toStrictEqual(expected);
  });

  it("grow past their first buffers, also when a wide character comes late", () => {
    const { expected, actual } = roundTrip((b) => {
      for (let i = 0; i < 12_000; i++) b.bounce(...row(i, i === 5000 ? { 13: "ταχυδρομείο" } : {}));
    });
    expect(actual).toStrictEqual(expected);
  });

  it("reuse the buffers of batches already posted, and stay correct in them", () => {
    const pool = new PackedBufferPool();
    for (let round = 0; round < 3; round++) {
      const plain = new PreparedBatchBuilder();
      const packed = new PackedBatchBuilder(pool);
      for (let i = 0; i < 3000 - round * 1000; i++) {
        plain.bounce(...row(i + round));
        packed.bounce(...row(i + round));
      }
      const sent = packed.finish(round);
      const received = structuredClone(sent);
      pool.give(packedBuffers(sent));
      expect(plainBatch(unpackBatch(received))).toStrictEqual(plainBatch(plain.finish(round)));
    }
  });
});

describe("bounce emails' extras", () => {
  const mail = (messageNo: number) => ({
    messageNo,
    file: null,
    subject: "Ofertas",
    messageId: "<m@x>",
    sentAt: 1,
    raw: "From: MAILER-DAEMON\n\nbody",
    rawCut: false,
  });

  it("cross the thread boundary with their batch, one email per message", () => {
    const { expected, actual } = roundTrip((b) => {
      b.bounce(...row(0));
      b.mail(mail(4));
      b.bounce(...row(1));
      b.mail(mail(4));
      b.complaint({ line: 5, email: "a@b.example", feedbackType: "abuse", reporter: "isp.example", occurredAt: 2, subject: null, messageId: null, file: null });
    });
    expect(actual).toEqual(expected);
    expect(actual.mails).toEqual([mail(4)]);
    expect(actual.complaints).toHaveLength(1);
    expect(actual.rows).toBe(3);
  });

  it("are absent from a batch of CSV rows", () => {
    const { actual } = roundTrip((b) => b.bounce(...row(0)));
    expect(actual.mails).toBeUndefined();
    expect(actual.complaints).toBeUndefined();
  });
});
