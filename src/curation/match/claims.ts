import type { AaModelRecord } from '../../domain/records.js';
import type { IndexCheck } from './index-check.js';
import type { FoundBy, MatchCause, MatchStatus } from './types.js';

/** A row's result while the whole-list checks below may still downgrade it. */
export interface Draft {
  readonly row: AaModelRecord;
  /** The AA model (all efforts) the row belongs to: its slug without effort suffix. */
  readonly family: string;
  status: MatchStatus;
  model: string | null;
  effort: string | null;
  method: FoundBy | null;
  /** The effort came through the effort vocabularies. */
  viaVocabulary: boolean;
  reason: string;
  cause: MatchCause | null;
  indexCheck: IndexCheck | null;
  /** Strength of the claim on `model`: 0 openrouter_api_id, 1 alias, 2 + key level for normal form. */
  rank: number;
}

function downgrade(draft: Draft, why: string): void {
  draft.status = 'proposed';
  draft.cause = 'claimed-elsewhere';
  draft.reason = `${draft.reason}; not applied: ${why}`;
}

function groupBy<K>(drafts: readonly Draft[], key: (draft: Draft) => K): Map<K, Draft[]> {
  const groups = new Map<K, Draft[]>();
  for (const draft of drafts) {
    const k = key(draft);
    groups.set(k, [...(groups.get(k) ?? []), draft]);
  }
  return groups;
}

/**
 * One OpenRouter model belongs to one AA model. When rows of several AA models (families) match
 * the same OpenRouter model, the strictest claim wins (openrouter_api_id, then alias, then the
 * most specific normal-form key; among equals, the only one the AA indices confirm); a tie, or a
 * winner the AA indices do not confirm while a loser's are confirmed, leaves every normal-form
 * claim as a proposal. Curated and AA-given claims are
 * never downgraded here: they are decisions, not inferences.
 */
export function resolveSharedModels(drafts: readonly Draft[]): void {
  const matched = drafts.filter((draft) => draft.status === 'matched' && draft.model !== null);
  for (const [model, claims] of groupBy(matched, (draft) => draft.model)) {
    const families = groupBy(claims, (draft) => draft.family);
    if (families.size < 2) continue;
    const strength = [...families].map(([family, rows]) => ({
      family,
      rank: Math.min(...rows.map((row) => row.rank)),
      confirmed: rows.some((row) => row.indexCheck === 'confirmed'),
    }));
    const best = Math.min(...strength.map((s) => s.rank));
    const tied = strength.filter((s) => s.rank === best);
    const confirmedAmongTied = tied.filter((s) => s.confirmed);
    const winners = tied.length > 1 && confirmedAmongTied.length === 1 ? confirmedAmongTied : tied;
    const winner = winners.length === 1 ? winners[0] : undefined;
    const overruled = winner !== undefined && !winner.confirmed && strength.some((s) => s !== winner && s.confirmed);
    const names = [...families.keys()].join(', ');
    for (const draft of claims) {
      if (draft.method !== 'normal-form') continue;
      if (winner === undefined || overruled) downgrade(draft, `AA models ${names} all match ${model}`);
      else if (draft.family !== winner.family) downgrade(draft, `${model} is AA model ${winner.family}'s, matched more strictly`);
    }
  }
}

/**
 * Two AA rows must not become the same entry (model, effort): their scores differ, so one of them
 * is wrong. The strongest claim keeps it; a tie downgrades all of them.
 */
export function resolveSharedEntries(drafts: readonly Draft[]): void {
  const matched = drafts.filter((draft) => draft.status === 'matched' && draft.model !== null);
  for (const [, claims] of groupBy(matched, (draft) => `${draft.model} @ ${draft.effort ?? 'default'}`)) {
    if (claims.length < 2) continue;
    const best = Math.min(...claims.map((draft) => draft.rank));
    const winners = claims.filter((draft) => draft.rank === best);
    const slugs = claims.map((draft) => draft.row.slug).join(', ');
    for (const draft of claims) {
      if (winners.length > 1 || draft.rank !== best)
        downgrade(draft, `AA rows ${slugs} all map to ${draft.model} at effort ${draft.effort ?? 'default'}`);
    }
  }
}
