/**
 * Character folding shared by the phrase compiler and the text scanner.
 *
 * The classifier works on words, not on raw characters: every character is mapped once to a
 * "folded" code: a lower-case ASCII letter for word characters, 0 for separators.
 * Accented Latin letters fold to their base letter ("Buzón" → "buzon", "Boîte" → "boite",
 * "Empfänger" → "empfanger", "ß" → "s"), so phrases are written without accents and still match
 * replies typed with or without them. Everything else (punctuation, apostrophes, other scripts)
 * separates words, so "doesn't" is the two words "doesn t" and "n'existe" is "n existe".
 *
 * Digits separate words too. Reply codes, status codes, IP addresses, ports and queue ids then
 * produce no words at all, so "please try 550-5.1.1 double-checking" from a flattened
 * multi-line reply still reads "please try double checking", and the scanner's inner loop
 * needs no per-character digit test. Codes like Yahoo's "TSS04" are matched as "tss".
 */

/** Folded code per UTF-16 code unit: 0 = separator, otherwise a char code in [a-z]. */
export const FOLD: Uint8Array = buildFoldTable();

function buildFoldTable(): Uint8Array {
  const t = new Uint8Array(65536);
  for (let c = 97; c <= 122; c++) t[c] = c; // a-z
  for (let c = 65; c <= 90; c++) t[c] = c + 32; // A-Z
  // Latin-1 Supplement and Latin Extended-A/B: strip diacritics with NFD, keep letters only.
  for (let c = 0xc0; c <= 0x24f; c++) {
    const base = String.fromCharCode(c).normalize("NFD").charAt(0).toLowerCase();
    const b = base.charCodeAt(0);
    if (b >= 97 && b <= 122) t[c] = b;
  }
  t[0xdf] = 115; // ß → s ("groß" → "gros"; phrases list "gross" too)
  t[0xe6] = 97; // æ
  t[0xc6] = 97;
  t[0xf8] = 111; // ø
  t[0xd8] = 111;
  t[0x153] = 111; // œ
  t[0x152] = 111;
  t[0x142] = 108; // ł
  t[0x141] = 108;
  t[0x111] = 100; // đ
  t[0x110] = 100;
  return t;
}

/** Split a phrase into folded words, exactly as the scanner splits a diagnostic. */
export function toWords(text: string): string[] {
  const words: string[] = [];
  let cur = "";
  for (let i = 0; i <= text.length; i++) {
    const f = i < text.length ? FOLD[text.charCodeAt(i)] : 0;
    if (f !== 0) {
      cur += String.fromCharCode(f);
      continue;
    }
    if (cur.length > 0) words.push(cur);
    cur = "";
  }
  return words;
}
