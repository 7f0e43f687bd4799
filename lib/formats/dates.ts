/**
 * Date parsing for bounce exports. Strict on purpose: a date we cannot read is reported on its row
 * rather than guessed, and times without a zone are taken as UTC (what platforms export).
 * Date.parse is not used: it reads zone-less times in the server's local zone and accepts junk.
 */

export interface DateOptions {
  /** Read "01/10/2026" as 1 October (Spanish/European) rather than 10 January. */
  dayFirst?: boolean;
}

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC_DMY =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC2822 =
  /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*\.?[\s-]+(\d{4}|\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([+-]\d{4})|([A-Za-z]{1,5}))?(?:\s*\([^)]*\))?$/;
const NUMBER = /^\d+(?:\.\d+)?$/;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // Spanish abbreviations that differ from English ones.
  ene: 1,
  abr: 4,
  ago: 8,
  dic: 12,
};

const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  cet: 60,
  cest: 120,
  wet: 0,
  west: 60,
};

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS[month - 1];
}

/** Two ASCII digits at i as a number, or -1. */
function two(v: string, i: number): number {
  const a = v.charCodeAt(i) - 48;
  const b = v.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Fast path for the commonest shapes, "YYYY-MM-DD" and "YYYY-MM-DD HH:MM:SS" with an optional "Z" or
 * "±hhmm"/"±hh:mm" (PowerMTA, SendGrid, Mailchimp, spreadsheets): charCode arithmetic instead of a regex, as it runs once per row.
 * Returns undefined when the value has another shape.
 */
function parseCommon(v: string): Date | null | undefined {
  const len = v.length;
  if (len === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    const y1 = two(v, 0);
    const y2 = two(v, 2);
    const mo = two(v, 5);
    const d = two(v, 8);
    if (y1 < 0 || y2 < 0 || mo < 0 || d < 0) return undefined;
    return build(y1 * 100 + y2, mo, d, 0, 0, 0, undefined, 0);
  }
  if (len < 19 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return undefined;
  const sep = v.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return undefined;
  const y1 = two(v, 0);
  const y2 = two(v, 2);
  const mo = two(v, 5);
  const d = two(v, 8);
  const h = two(v, 11);
  const mi = two(v, 14);
  const se = two(v, 17);
  if (y1 < 0 || y2 < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) return undefined;
  let offset = 0;
  if (len === 20 && (v.charCodeAt(19) === 90 || v.charCodeAt(19) === 122)) offset = 0;
  else if (len === 24 || len === 25) {
    const sign = v.charCodeAt(19);
    if (sign !== 43 && sign !== 45) return undefined;
    const oh = two(v, 20);
    const om = two(v, len === 25 ? 23 : 22);
    if (oh < 0 || om < 0 || (len === 25 && v.charCodeAt(22) !== 58)) return undefined;
    offset = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  } else if (len !== 19) return undefined;
  return build(y1 * 100 + y2, mo, d, h, mi, se, undefined, offset);
}

/** "+0200", "+02:00", "+02", "Z", "UTC" → minutes east of UTC; undefined = not a known zone. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const c = zone[0];
  if (c === "+" || c === "-") {
    const digits = zone.slice(1).replace(":", "");
    const h = Number(digits.slice(0, 2));
    const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (h > 14 || m > 59) return undefined;
    return (c === "-" ? -1 : 1) * (h * 60 + m);
  }
  return ZONES[zone.toLowerCase()];
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string | undefined,
  offsetMinutes: number | undefined,
): Date | null {
  if (offsetMinutes === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60 || year < MIN_YEAR || year > MAX_YEAR) return null;
  const ms = fraction ? Number((fraction + "00").slice(0, 3)) : 0;
  const time = hour * 3_600_000 + minute * 60_000 + Math.min(second, 59) * 1000 + ms;
  return new Date(daysFromCivil(year, month, day) * 86_400_000 + time - offsetMinutes * 60_000);
}

/**
 * Days from 1970-01-01 to a valid date of the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil): what Date.UTC computes for it, for a sixth of the time, as it runs once per row.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1; // from 1 March
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

// Bounce dates before 1990 or after 2100 are misread numbers, not dates.
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;
const MIN_TIME = Date.UTC(MIN_YEAR, 0, 1);
const MAX_TIME = Date.UTC(MAX_YEAR + 1, 0, 1);

/**
 * Parses the date formats seen in bounce exports. Returns null when the value cannot be read; the
 * caller decides what an empty value means.
 */
export function parseDate(value: string, options: DateOptions = {}): Date | null {
  const v = value.trim();
  if (v.length === 0) return null;

  const common = parseCommon(v);
  if (common !== undefined) return common;

  if (NUMBER.test(v)) {
    // yyyymmdd is also all digits; it is recognisable by its shape.
    if (v.length === 8 && (v.startsWith("19") || v.startsWith("20"))) {
      return build(Number(v.slice(0, 4)), Number(v.slice(4, 6)), Number(v.slice(6, 8)), 0, 0, 0, undefined, 0);
    }
    const n = Number(v);
    // Seconds until the year 5138 stay below 1e11; milliseconds since 1973 are above it.
    const t = n >= 1e11 ? n : n * 1000;
    return t >= MIN_TIME && t < MAX_TIME ? new Date(Math.round(t)) : null;
  }

  let m = ISO.exec(v);
  if (m) {
    return build(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7], zoneOffset(m[8]));
  }

  m = NUMERIC_DMY.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const [day, month] = options.dayFirst === false ? [b, a] : [a, b];
    let hour = Number(m[4] ?? 0);
    if (m[8]) {
      if (hour < 1 || hour > 12) return null;
      const pm = m[8].toLowerCase() === "p";
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    return build(fullYear(m[3]), month, day, hour, Number(m[5] ?? 0), Number(m[6] ?? 0), m[7], zoneOffset(m[9]));
  }

  m = RFC2822.exec(v);
  if (m) {
    const month = MONTHS[m[2].toLowerCase()];
    if (!month) return null;
    const zone = m[7] ?? m[8];
    return build(fullYear(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), undefined, zoneOffset(zone));
  }
  return null;
}
