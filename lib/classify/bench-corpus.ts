/**
 * A large, varied corpus of distinct bounce replies for the benchmark: the realistic replies of
 * cases.ts (or of the development corpus), with addresses, IPs, hosts and queue ids varied and
 * realistic MTA wrappers (PowerMTA "smtp;", Postfix "host … said:", Exchange/Gmail trailers)
 * added, so every string is unique and no cache could help.
 */
import type { ClassifyInput } from "./types";
import { CASES } from "./cases";
import { asInput, loadCorpus } from "./corpus";

const FIRST = ["ana", "luis", "marta", "jorge", "elena", "pablo", "sofia", "diego", "laura", "irene", "john", "mary", "anna", "marco", "chloe", "lukas"];
const LAST = ["garcia", "lopez", "perez", "diaz", "fernandez", "smith", "rossi", "martin", "muller", "silva", "dubois", "bianchi"];
const DOMAINS = [
  "gmail.com",
  "hotmail.es",
  "outlook.com",
  "yahoo.com",
  "aol.com",
  "icloud.com",
  "gmx.de",
  "web.de",
  "orange.fr",
  "movistar.es",
  "zoho.com",
  "libero.it",
  "uol.com.br",
  "acme-industrial.com",
  "example.org",
  "kunde.example.de",
];

const WRAPPERS: ((d: string, r: Rand) => string)[] = [
  (d) => d,
  (d) => `smtp;${d}`,
  (d, r) => `host mx${r.int(1, 20)}.${r.pick(DOMAINS)}[198.51.100.${r.int(1, 254)}] said: ${d} (in reply to RCPT TO command)`,
  (d, r) => `${d} - gsmtp ${r.hex(12)}`,
  (d, r) =>
    `${d} [${r.hex(4).toUpperCase()}EUR0${r.int(1, 9)}FT0${r.int(10, 99)}.eop-EUR0${r.int(1, 9)}.prod.protection.outlook.com ${r.int(2023, 2026)}-0${r.int(1, 9)}-1${r.int(0, 9)}T10:${r.int(10, 59)}:${r.int(10, 59)}Z]`,
  (d, r) => `${d} id=${r.hex(6)}-${r.hex(4)}`,
];

/** Small deterministic PRNG (mulberry32) so the corpus is the same on every run. */
class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  hex(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += "0123456789abcdef"[this.int(0, 15)];
    return out;
  }
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const IPV4 = /\b(?:203\.0\.113|198\.51\.100|192\.0\.2)\.\d{1,3}\b/g;

function vary(text: string, r: Rand): string {
  return text.replace(EMAIL, () => `${r.pick(FIRST)}.${r.pick(LAST)}${r.int(1, 9999)}@${r.pick(DOMAINS)}`).replace(IPV4, () => `203.0.113.${r.int(1, 254)}`);
}

/**
 * `size` distinct inputs. Strings are made flat (JSON round trip): inputs in production come from
 * a parsed file, not from concatenation ropes, which V8 reads more slowly.
 */
export function buildBenchCorpus(size = 20_000, seed = 20_26): ClassifyInput[] {
  return varied(
    CASES.filter((c) => c.diagnostic),
    size,
    seed,
  );
}

/**
 * `size` distinct inputs made from the development corpus's replies (both parts: this measures
 * speed, not accuracy) that `reaches` picks, e.g. those the rules leave to the learned fallback.
 */
export function buildCorpusBench(reaches: (input: ClassifyInput) => boolean, size = 20_000, seed = 20_26): ClassifyInput[] {
  return varied(loadCorpus().map(asInput).filter(reaches), size, seed);
}

function varied(templates: ClassifyInput[], size: number, seed: number): ClassifyInput[] {
  if (templates.length === 0) return [];
  const r = new Rand(seed);
  const seen = new Set<string>();
  const out: ClassifyInput[] = [];
  let guard = 0;
  while (out.length < size && guard++ < size * 20) {
    const t = templates[out.length % templates.length];
    const diagnostic = r.pick(WRAPPERS)(vary(t.diagnostic ?? "", r), r);
    const key = `${t.status}|${t.replyCode}|${diagnostic}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ status: t.status, replyCode: t.replyCode, diagnostic });
  }
  return JSON.parse(JSON.stringify(out)) as ClassifyInput[];
}
