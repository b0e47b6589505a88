import type { TierName } from '../artifact/schema.js';
import type { AaModelRecord, OpenRouterModelRecord } from '../domain/records.js';
import type { CurationFile } from './curation-file.js';
import type { EffortVocabularyFile } from './effort-vocabulary-file.js';
import { matchAaRows, type MatchCause, type MatchMethod, type MatchResult } from './match/index.js';
import { percentiles } from './percentiles.js';
import { DEFAULT_BANDS, tierFor, type TierBands } from './percentile-tier.js';

/** A proposed row that would be a tier's entry for its model if the proposal were accepted. */
export interface WouldEnter {
  readonly aaId: string;
  readonly aaSlug: string;
  readonly aaName: string;
  readonly percentile: number;
  readonly tier: TierName;
  readonly model: string;
  readonly effort: string | null;
  readonly cause: MatchCause | null;
  readonly reason: string;
  /** The entry of the same model it would replace in that tier (a weaker effort), if any. */
  readonly replaces: string | null;
}

/** What curation makes of the field: the fidelity report of `pareto match --summary`. */
export interface MatchSummary {
  readonly bands: TierBands;
  /** Every AA row with a coding index, by status. */
  readonly field: { readonly rows: number; readonly matched: number; readonly proposed: number; readonly unmatched: number };
  /** The rows that could make the shortlist: coding percentile at or above the low band. */
  readonly strong: {
    readonly rows: number;
    /** Rows with a candidate on OpenRouter (matched or proposed). */
    readonly onOpenRouter: number;
    readonly matched: { readonly total: number; readonly byMethod: Partial<Record<MatchMethod, number>> };
    readonly proposed: { readonly total: number; readonly byCause: Partial<Record<MatchCause, number>> };
    readonly unmatched: { readonly total: number; readonly byCause: Partial<Record<MatchCause, number>> };
    /** matched / onOpenRouter, 0..1 (1 when nothing is on OpenRouter). */
    readonly matchedShare: number;
  };
  readonly wouldEnter: readonly WouldEnter[];
}

export interface SummaryInput {
  readonly aaRows: readonly AaModelRecord[];
  readonly models: readonly OpenRouterModelRecord[];
  readonly curation: CurationFile;
  readonly effortVocabularies?: EffortVocabularyFile;
  readonly bands?: TierBands;
}

export interface FieldMatch {
  readonly match: MatchResult;
  readonly percentile: number;
}

/** The field as the shortlist sees it: rows with a coding index, matched together, with percentiles. */
export function matchField(input: SummaryInput): FieldMatch[] {
  const rows = input.aaRows.filter((row): row is AaModelRecord & { codingIndex: number } => row.codingIndex !== null);
  const pct = percentiles(rows.map((row) => row.codingIndex));
  const matches = matchAaRows(rows, input.models, input.curation, { effortVocabularies: input.effortVocabularies?.vocabularies ?? [] });
  return matches.map((match, i) => ({ match, percentile: pct[i] as number }));
}

function count<K extends string>(keys: readonly (K | null)[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const key of keys) if (key !== null) out[key] = (out[key] ?? 0) + 1;
  return out;
}

export function summarizeMatches(input: SummaryInput): MatchSummary {
  const bands = input.bands ?? DEFAULT_BANDS;
  const field = matchField(input);
  const status = (s: MatchResult['status'], rows: readonly FieldMatch[]) => rows.filter((r) => r.match.status === s);
  const strong = field.filter((r) => r.percentile >= bands.low);
  const matched = status('matched', strong);
  const proposed = status('proposed', strong);
  const unmatched = status('unmatched', strong);
  const onOpenRouter = matched.length + proposed.length;
  return {
    bands,
    field: {
      rows: field.length,
      matched: status('matched', field).length,
      proposed: status('proposed', field).length,
      unmatched: status('unmatched', field).length,
    },
    strong: {
      rows: strong.length,
      onOpenRouter,
      matched: { total: matched.length, byMethod: count(matched.map((r) => r.match.method)) },
      proposed: { total: proposed.length, byCause: count(proposed.map((r) => r.match.cause)) },
      unmatched: { total: unmatched.length, byCause: count(unmatched.map((r) => r.match.cause)) },
      matchedShare: onOpenRouter === 0 ? 1 : matched.length / onOpenRouter,
    },
    wouldEnter: wouldEnter(field, bands, input.curation),
  };
}

/**
 * A tier keeps one entry per model, its highest-scoring effort (SPEC §4.3), so an accepted
 * proposal enters its tier unless a matched row of the same model scores at least as high there,
 * or the curation file excludes it. Highest percentile first.
 */
function wouldEnter(field: readonly FieldMatch[], bands: TierBands, curation: CurationFile): WouldEnter[] {
  const excluded = (model: string, effort: string | null) =>
    curation.exclusions.some((x) => x.model === model && (x.effort === undefined || x.effort === effort));
  const best = new Map<string, FieldMatch>();
  for (const row of field) {
    const tier = tierFor(row.percentile, bands);
    if (row.match.status !== 'matched' || tier === null || row.match.model === null || excluded(row.match.model, row.match.effort))
      continue;
    const key = `${tier} ${row.match.model}`;
    const held = best.get(key);
    if (!held || row.percentile > held.percentile) best.set(key, row);
  }
  const out: WouldEnter[] = [];
  for (const { match, percentile } of field) {
    const tier = tierFor(percentile, bands);
    if (match.status !== 'proposed' || tier === null || match.model === null || excluded(match.model, match.effort)) continue;
    const held = best.get(`${tier} ${match.model}`);
    if (held && held.percentile >= percentile) continue;
    const replaces = held ? `${held.match.model}@${held.match.effort ?? 'default'}` : null;
    out.push({
      aaId: match.aaId,
      aaSlug: match.aaSlug,
      aaName: match.aaName,
      percentile,
      tier,
      model: match.model,
      effort: match.effort,
      cause: match.cause,
      reason: match.reason,
      replaces,
    });
  }
  return out.sort((a, b) => b.percentile - a.percentile || a.aaSlug.localeCompare(b.aaSlug));
}
