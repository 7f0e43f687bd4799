/**
 * Expands compact phrase patterns into the literal phrases they stand for, so rules can be
 * written as concepts ("(user|mailbox|recipient) (is |)(unknown|invalid)") and still be matched
 * with plain word lookups at run time.
 *
 * Syntax: "(a|b|c)" is a choice, an empty alternative makes it optional, groups nest.
 * Nothing else is special. Expansion happens once, when the module loads.
 */

type Node = string | Node[][]; // a literal, or a group: alternatives, each a sequence of nodes

export function expandPattern(pattern: string): string[] {
  const [seq, end] = parseSeq(pattern, 0);
  if (end !== pattern.length) throw new Error(`Unbalanced ")" in phrase pattern: ${pattern}`);
  return expandSeq(seq)
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => s.length > 0);
}

function parseSeq(p: string, start: number): [Node[], number] {
  const seq: Node[] = [];
  let lit = "";
  let i = start;
  while (i < p.length) {
    const ch = p[i];
    if (ch === "(") {
      if (lit) seq.push(lit);
      lit = "";
      const alts: Node[][] = [];
      i++;
      for (;;) {
        const [alt, j] = parseSeq(p, i);
        alts.push(alt);
        if (p[j] === "|") {
          i = j + 1;
          continue;
        }
        if (p[j] !== ")") throw new Error(`Unclosed "(" in phrase pattern: ${p}`);
        i = j + 1;
        break;
      }
      seq.push(alts);
      continue;
    }
    if (ch === "|" || ch === ")") break;
    lit += ch;
    i++;
  }
  if (lit) seq.push(lit);
  return [seq, i];
}

function expandSeq(seq: Node[]): string[] {
  let out = [""];
  for (const node of seq) {
    const parts = typeof node === "string" ? [node] : node.flatMap(expandSeq);
    const next: string[] = [];
    for (const a of out) for (const b of parts) next.push(a + b);
    out = next;
    if (out.length > 20000) throw new Error("Phrase pattern expands to too many phrases");
  }
  return out;
}
