/**
 * What a team correction says about a bounce, and how a stored bounce is decided when no
 * correction (or another one) holds any more. Pure: the import's preparing thread uses it too.
 *
 * Precedence, the same at import (lib/ingest/prepare.ts) and here: a team correction for the reply,
 * else the export's own category, else Rebound's rules.
 */
import { classify } from "../classify";
import { replyKey } from "../classify/reply-key";

export const TEAM_SOURCE = "team";

/** The rule id stored with each bounce a correction decided. */
export function correctionRuleId(id: number): string {
  return `team-${id}`;
}

/** The correction behind a bounce's rule id, or null when a rule decided. */
export function correctionIdOf(ruleId: string): number | null {
  const m = /^team-(\d{1,15})$/.exec(ruleId);
  return m ? Number(m[1]) : null;
}

export interface TeamVerdict {
  ruleId: string;
  category: string;
}

/** Corrections that cover every bounce with the same reply, by reply key. */
export type CorrectionLookup = ReadonlyMap<string, TeamVerdict>;

/** A lookup as plain values, for the import's preparing thread: [reply key, rule id, category]. */
export type CorrectionEntries = [key: string, ruleId: string, category: string][];

export function lookupOf(entries: CorrectionEntries): CorrectionLookup {
  return new Map(entries.map(([key, ruleId, category]) => [key, { ruleId, category }]));
}

/**
 * The correction for a reply, if any. With no correction at all, nothing is computed: imports only
 * pay for reply keys once the team has made a correction.
 */
export function teamVerdict(lookup: CorrectionLookup | null, diagnostic: string | null): TeamVerdict | undefined {
  if (lookup === null || lookup.size === 0 || !diagnostic) return undefined;
  return lookup.get(replyKey(diagnostic));
}

export interface StoredReply {
  dsnStatus: string | null;
  replyCode: number | null;
  diagnostic: string | null;
  /** The export's own category, if the file carried one. */
  exportCategory: string | null;
}

export interface Decision {
  category: string;
  categorySource: "team" | "export" | "rule";
  ruleId: string;
  ruleCategory: string;
  /** Kept only under a correction, to give it back when the correction goes. */
  exportCategory: string | null;
}

/** How a stored bounce is decided now, as an import would decide it. */
export function decide(b: StoredReply, lookup: CorrectionLookup | null): Decision {
  const team = teamVerdict(lookup, b.diagnostic);
  if (team) return { category: team.category, categorySource: "team", ruleId: team.ruleId, ruleCategory: team.category, exportCategory: b.exportCategory };
  const verdict = classify({ status: b.dsnStatus, replyCode: b.replyCode, diagnostic: b.diagnostic });
  return {
    category: b.exportCategory ?? verdict.category,
    categorySource: b.exportCategory ? "export" : "rule",
    ruleId: verdict.ruleId,
    ruleCategory: verdict.category,
    exportCategory: null,
  };
}
