import type { EffortVocabularyRow } from '../effort-vocabulary-file.js';
import type { AaModelRecord, OpenRouterModelRecord } from '../../domain/records.js';
import { aaKeyUnder, type Catalogue, type LooseEntry } from './catalogue.js';
import type { EffortMarkers } from './effort.js';
import { describeIndex, type IndexCheck } from './index-check.js';
import { carriesTag, datesAgree, looseParts, snapshotTags, tokenSignature } from './name-keys.js';

/**
 * Step (2) of SPEC §4.2 for one AA row: find the OpenRouter model whose normal form equals the
 * row's, on the same author. Keys are tried from the most to the least specific, and the first
 * level that finds anything decides:
 *
 * 0. the whole slug, effort suffix included, when OpenRouter has it as an id (`o3-mini-high`);
 * 1. the slug without its effort suffix, and 2. the display name without effort parentheticals
 *    (the name carries what the slug lost: "Gemini 3 Flash Preview", "DeepSeek V4 Pro 0813",
 *    "GPT-3.5 Turbo" for `gpt-35-turbo`);
 * 3. both against OpenRouter's display names ("Mistral: Mistral Small 4" for `mistral-small-2603`);
 * 4. the loose keys of both (dates, `-preview`, `-latest`, `-it` dropped), against OpenRouter ids,
 *    permaslugs and display names (`claude-4-5-sonnet` ↔ permaslug `claude-4.5-sonnet-20250929`,
 *    `devstral-2` ↔ "Devstral 2 2512"). Two dates that disagree never match loosely.
 *
 * A candidate is rejected when the row reasons and the OpenRouter model is an `instruct` variant
 * (or the row does not reason and the model is a `thinking` variant), when the name carries a
 * snapshot tag the model's id and permaslug lack (unless the AA indices confirm it), and when
 * OpenRouter's AA indices contradict it. Several survivors make the row ambiguous unless exactly
 * one is confirmed by the indices.
 */
export type Search =
  | {
      readonly kind: 'found';
      readonly model: OpenRouterModelRecord;
      readonly level: number;
      readonly how: string;
      readonly setAside: string | null;
      readonly check: IndexCheck;
    }
  | { readonly kind: 'ambiguous'; readonly models: readonly OpenRouterModelRecord[]; readonly why: string }
  | {
      readonly kind: 'rejected';
      readonly models: readonly OpenRouterModelRecord[];
      readonly why: string;
      readonly check: IndexCheck | null;
    }
  | { readonly kind: 'none'; readonly tried: string };

export interface RowInput {
  readonly row: AaModelRecord;
  readonly markers: EffortMarkers;
  readonly authors: readonly string[];
  readonly family: readonly AaModelRecord[];
  /** The index check of a candidate against this row's family ('unverifiable' when not usable). */
  readonly indexOf: (model: OpenRouterModelRecord) => IndexCheck;
  /** Whether index checks may confirm and reject candidates (off only to measure their effect). */
  readonly crossCheck: boolean;
  /** Every row of the effort vocabularies; effort-on-model.ts picks the model's. */
  readonly vocabularies: readonly EffortVocabularyRow[];
}

const LEVEL_NAMES = ['the whole slug', 'the slug', 'the name', "OpenRouter's display name", 'the loose form'];

function strictLookup(
  map: ReadonlyMap<string, readonly OpenRouterModelRecord[]>,
  authors: readonly string[],
  key: string,
): OpenRouterModelRecord[] {
  const out = new Set<OpenRouterModelRecord>();
  for (const author of authors) for (const model of map.get(`${author}/${aaKeyUnder(author, key)}`) ?? []) out.add(model);
  return [...out];
}

/** Loose (or token) lookup: entries whose dropped date does not contradict the AA key's. */
function looseLookup(
  map: ReadonlyMap<string, readonly LooseEntry[]>,
  authors: readonly string[],
  key: string,
  signature: (loose: string) => string,
): OpenRouterModelRecord[] {
  const out = new Set<OpenRouterModelRecord>();
  for (const author of authors) {
    const parts = looseParts(aaKeyUnder(author, key));
    for (const entry of map.get(`${author}/${signature(parts.key)}`) ?? []) if (datesAgree(parts.date, entry.date)) out.add(entry.model);
  }
  return [...out];
}

/** Candidates of the first level that has any, each with the level it came from. */
function candidates(input: RowInput, catalogue: Catalogue): { model: OpenRouterModelRecord; level: number }[] {
  const { markers, authors } = input;
  if (markers.slugFull !== markers.slugBase) {
    const whole = strictLookup(catalogue.strict, authors, markers.slugFull);
    if (whole.length > 0) return whole.map((model) => ({ model, level: 0 }));
  }
  const bySlug = strictLookup(catalogue.strict, authors, markers.slugBase);
  const byName = strictLookup(catalogue.strict, authors, markers.nameBase).filter((model) => !bySlug.includes(model));
  if (bySlug.length + byName.length > 0)
    return [...bySlug.map((model) => ({ model, level: 1 })), ...byName.map((model) => ({ model, level: 2 }))];
  const byDisplayName = [
    ...new Set([...strictLookup(catalogue.named, authors, markers.slugBase), ...strictLookup(catalogue.named, authors, markers.nameBase)]),
  ];
  if (byDisplayName.length > 0) return byDisplayName.map((model) => ({ model, level: 3 }));
  const same = (key: string): string => key;
  const loose = [
    ...looseLookup(catalogue.loose, authors, markers.slugBase, same),
    ...looseLookup(catalogue.loose, authors, markers.nameBase, same),
  ];
  return [...new Set(loose)].map((model) => ({ model, level: 4 }));
}

/** Lower-case words of the id and the display name ("Qwen3 235B A22B Instruct 2507"). */
function modelWords(model: OpenRouterModelRecord): string[] {
  return `${model.modelId} ${model.name}`.toLowerCase().split(/[^a-z0-9]+/);
}

/** Why a structurally found candidate must not be taken, or null. */
function rejection(input: RowInput, model: OpenRouterModelRecord, check: IndexCheck): string | null {
  const { markers, row } = input;
  const reasons = markers.reasoning === 'on' || markers.level !== null;
  if (reasons && modelWords(model).includes('instruct'))
    return `${model.modelId} is an instruct (non-reasoning) variant, but this AA row reasons`;
  if (markers.reasoning === 'off' && modelWords(model).includes('thinking') && !markers.slugBase.split('-').includes('thinking')) {
    return `${model.modelId} is a thinking variant, but this AA row does not reason`;
  }
  if (input.crossCheck && check === 'contradicted') return describeIndex(model, input.family);
  const missing = snapshotTags(row.name).filter((tag) => !carriesTag([model.modelId, model.canonicalSlug], tag));
  if (missing.length > 0 && !(input.crossCheck && check === 'confirmed')) {
    return `the AA name carries snapshot ${missing.join(', ')}, which ${model.modelId} (${model.canonicalSlug ?? 'no permaslug'}) lacks`;
  }
  return null;
}

export function searchNormalForm(input: RowInput, catalogue: Catalogue): Search {
  const found = candidates(input, catalogue);
  if (found.length === 0) {
    const keys = [...new Set([input.markers.slugBase, input.markers.nameBase])].map((key) => `\`${key}\``).join(' / ');
    return { kind: 'none', tried: `${keys} under ${input.authors.join(', ') || 'no author'}` };
  }
  const survivors: { model: OpenRouterModelRecord; level: number; check: IndexCheck }[] = [];
  const rejected: { model: OpenRouterModelRecord; why: string; check: IndexCheck }[] = [];
  for (const { model, level } of found) {
    const check = input.indexOf(model);
    const why = rejection(input, model, check);
    if (why) rejected.push({ model, why, check });
    else survivors.push({ model, level, check });
  }
  if (survivors.length === 0) {
    return {
      kind: 'rejected',
      models: rejected.map((r) => r.model),
      why: rejected.map((r) => r.why).join('; '),
      check: rejected.length === 1 ? (rejected[0] as { check: IndexCheck }).check : null,
    };
  }
  const setAside = rejected.length ? rejected.map((r) => r.why).join('; ') : null;
  if (survivors.length === 1) {
    const only = survivors[0] as (typeof survivors)[number];
    return { kind: 'found', model: only.model, level: only.level, how: `${LEVEL_NAMES[only.level]}`, setAside, check: only.check };
  }
  const confirmed = input.crossCheck ? survivors.filter((s) => s.check === 'confirmed') : [];
  if (confirmed.length === 1) {
    const only = confirmed[0] as (typeof survivors)[number];
    const others = survivors
      .filter((s) => s !== only)
      .map((s) => s.model.modelId)
      .join(', ');
    return {
      kind: 'found',
      model: only.model,
      level: only.level,
      how: `${LEVEL_NAMES[only.level]}, the only one of ${only.model.modelId}, ${others} carrying this AA model's scores`,
      setAside,
      check: only.check,
    };
  }
  return {
    kind: 'ambiguous',
    models: survivors.map((s) => s.model),
    why: `several OpenRouter models have this normal form: ${survivors.map((s) => s.model.modelId).join(', ')}${setAside ? `; set aside: ${setAside}` : ''}`,
  };
}

/** Step (4): same tokens in any order, same author. Only ever proposes. */
export function searchTokens(input: RowInput, catalogue: Catalogue): OpenRouterModelRecord[] {
  const { markers, authors } = input;
  const out = [
    ...looseLookup(catalogue.tokens, authors, markers.slugBase, tokenSignature),
    ...looseLookup(catalogue.tokens, authors, markers.nameBase, tokenSignature),
  ];
  return [...new Set(out)];
}
