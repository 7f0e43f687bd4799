import { describe, expect, it } from "vitest";
import { dedupeHashes, dedupeKey, fnv1a64, type KeyHashes } from "./dedupe";
import { hashText, lastHash } from "../fast/hash-tables";

/** The key as first defined: the hash of the parts joined into one string. Stored keys depend on it. */
function referenceKey(email: string, at: number | null, status: string | null, code: number | null, diagnostic: string | null): string {
  const text = `${email}\u0001${at ?? "-"}\u0001${status ?? ""}\u0001${code ?? ""}\u0001${diagnostic ?? ""}`;
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x0100019d) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

describe("dedupeKey", () => {
  it("keeps the values already stored in databases", () => {
    expect(dedupeKey("laura.garcia@example.com", 1790000000000, "5.1.1", 550, "550 5.1.1 User unknown")).toBe("d90614ee5785b5a8");
    expect(dedupeKey("laura.garcia@example.com", null, null, null, null)).toBe("d31999c94a67124a");
    expect(dedupeKey("ana@bücher.de", 0, "4.4.7", null, "Zeitüberschreitung – 421 \u{1F4E7}")).toBe("33023b92ad60f6e3");
    expect(dedupeKey("x@y.es", -86400000, "", 0, "")).toBe("67c44cdf46024a5b");
    expect(dedupeKey("x@y.es", 1790000000000.5, "5.7.1", 554, "blocked\r\nsecond line")).toBe("bef71f469bdc4dcf");
  });

  it("hashes numbers of every size as their decimal text", () => {
    const numbers = [0, -0, 7, 99_999_999, 100_000_000, 100_000_001, 1_790_000_000_123, 2 ** 53 - 1, 2 ** 53, 1e21, -5, 0.1, NaN, Infinity];
    for (let k = 1; k < 2 ** 53; k *= 10) numbers.push(k - 1, k, k * 1e8 - 1);
    for (const n of numbers) {
      expect(dedupeKey("a@b.co", n, null, n, null), String(n)).toBe(referenceKey("a@b.co", n, null, n, null));
    }
  });

  it("gives the reference value for random rows", () => {
    let seed = 1;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    for (let i = 0; i < 2000; i++) {
      const args: [string, number | null, string | null, number | null, string | null] = [
        pick(["a@b.co", "ñandú@dominio.es", ""]) + i,
        pick([null, Math.floor(random() * 4e12), -1]),
        pick([null, "", "5.1.1", "4.4.7"]),
        pick([null, 550, 0, 421]),
        pick([null, "", "550 5.1.1 User unknown", "\u2028\ud800 lone surrogate", "x".repeat(3000)]),
      ];
      expect(dedupeKey(...args)).toBe(referenceKey(...args));
    }
  });

  it("fnv1a64 hashes a whole string the same way", () => {
    const text = `a@b.co\u00011790000000000\u00015.1.1\u0001550\u0001User unknown`;
    expect(fnv1a64(text)).toBe(dedupeKey("a@b.co", 1790000000000, "5.1.1", 550, "User unknown"));
  });

  it("gives the key's halves and the address's hash as the writer's tables would compute them", () => {
    for (const email of ["laura.garcia@example.com", "ñandú@dominio.es", "", "\ud800@x.es"]) {
      const hashes: KeyHashes = { email: 1, keyHi: 2, keyLo: 3 };
      const key = dedupeKey(email, 1790000000000, "5.1.1", 550, "550 5.1.1 User unknown", hashes);
      expect([hashes.keyHi, hashes.keyLo], email).toEqual([parseInt(key.slice(0, 8), 16) | 0, parseInt(key.slice(8), 16) | 0]);
      const alone: KeyHashes = { email: 0, keyHi: 0, keyLo: 0 };
      dedupeHashes(email, 1790000000000, "5.1.1", 550, "550 5.1.1 User unknown", alone);
      expect(alone, email).toEqual(hashes);
      hashText(email);
      expect(hashes.email, email).toBe(lastHash.lo);
    }
  });
});
