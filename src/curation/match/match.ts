import type { AaModelRecord, OpenRouterModelRecord } from '../../domain/records.js';
import type { CurationAlias, CurationFile } from '../curation-file.js';
import { aaKeyUnder, buildCatalogue, type Catalogue } from './catalogue.js';
import { resolveSharedEntries, resolveSharedModels, type Draft } from './claims.js';
import { authorsFor } from './creators.js';
import { readEffortMarkers, type EffortMarkers } from './effort.js';
import { effortFor, vocabularyFor } from './effort-on-model.js';
import { checkIndex, describeIndex, indexAgreement } from './index-check.js';
import { searchNormalForm, searchTokens, type RowInput } from './key-search.js';
import type { MatchOptions, MatchResult } from './types.js';

/**
 * AA rows → OpenRouter (model, effort), one result per row in input order (SPEC §4.2).
 *
 * Per row, the first step that applies decides:
 * 1. AA Pro's `openrouter_api_id`, exact on the OpenRouter id, then on the permaslug;
 * 2. a curated alias (data/curation.json), by AA id, else by AA slug. It comes before the normal
 *    form so that it can fix a wrong normal-form match; only AA's own id outranks it;
 * 3. the normal form (key-search.ts, with the keys of name-keys.ts), checked against OpenRouter's
 *    republished AA indices when the two snapshots come from the same AA scoring (index-check.ts);
 * 4. a token match, which only proposes.
 * The effort comes from the row's markers (effort.ts) and the model's reasoning settings
 * (effort-on-model.ts): a level OpenRouter offers under another name is mapped through the effort
 * vocabularies (method 'effort-vocabulary'); an effort OpenRouter does not offer for the model
 * leaves the row proposed. Then two checks over all rows: an OpenRouter model belongs to
 * one AA model, and no two rows become the same (model, effort) entry (claims.ts).
 *
 * Wrong matches route users to the wrong model, so every doubt ends in 'proposed' with the reason,
 * never in a pick.
 */
export function matchAaRows(
  aaRows: readonly AaModelRecord[],
  models: readonly OpenRouterModelRecord[],
  curation: CurationFile,
  options: MatchOptions = {},
): MatchResult[] {
  const catalogue = buildCatalogue(models);
  // OpenRouter's republished indices are only evidence when they come from the same AA scoring.
  const comparable = indexAgreement(aaRows, [...catalogue.byId.values()]).comparable;
  const crossCheck = (options.indexCrossCheck ?? true) && comparable;
  const markers = aaRows.map((row) => readEffortMarkers(row.slug, row.name));
  // The rows of one AA model at its different efforts: same slug base and same display name.
  // Rows that share a slug but not a name are different snapshots (AA re-points slugs:
  // "Hy3" and "Hy3-preview (Non-reasoning)" both live under `hy3`), so they never vouch for each other.
  const families = new Map<string, AaModelRecord[]>();
  const familyKey = (m: EffortMarkers): string => `${m.slugBase}|${m.nameBase}`;
  aaRows.forEach((row, i) => {
    const key = familyKey(markers[i] as EffortMarkers);
    const members = families.get(key);
    if (members) members.push(row);
    else families.set(key, [row]);
  });
  const aliases = aliasLookup(curation.aliases);
  const vocabularies = options.effortVocabularies ?? [];
  const drafts = aaRows.map((row, i) => {
    const rowMarkers = markers[i] as EffortMarkers;
    const family = families.get(familyKey(rowMarkers)) ?? [row];
    const input: RowInput = {
      row,
      markers: rowMarkers,
      authors: authorsFor(row.creatorSlug, row.creatorName),
      family,
      indexOf: (model) => (comparable ? checkIndex(model, family) : 'unverifiable'),
      crossCheck,
      vocabularies,
    };
    return matchRow(input, catalogue, aliases);
  });
  resolveSharedModels(drafts);
  resolveSharedEntries(drafts);
  return drafts.map((draft) => ({
    aaId: draft.row.aaId,
    aaSlug: draft.row.slug,
    aaName: draft.row.name,
    model: draft.model,
    effort: draft.status === 'unmatched' ? null : draft.effort,
    status: draft.status,
    method: draft.status === 'matched' && draft.viaVocabulary ? 'effort-vocabulary' : draft.method,
    foundBy: draft.method,
    reason: draft.reason,
    cause: draft.status === 'matched' ? null : draft.cause,
    indexCheck: draft.indexCheck,
  }));
}

interface AliasLookup {
  readonly byId: ReadonlyMap<string, CurationAlias>;
  readonly bySlug: ReadonlyMap<string, CurationAlias>;
}

function aliasLookup(aliases: readonly CurationAlias[]): AliasLookup {
  const byId = new Map<string, CurationAlias>();
  const bySlug = new Map<string, CurationAlias>();
  for (const alias of aliases) {
    if (alias.aaId !== undefined) byId.set(alias.aaId.toLowerCase(), alias);
    else if (alias.aaSlug !== undefined) bySlug.set(alias.aaSlug, alias);
  }
  return { byId, bySlug };
}

function draftOf(input: RowInput, fields: Partial<Draft> & Pick<Draft, 'status' | 'reason'>): Draft {
  return {
    row: input.row,
    family: input.markers.slugBase,
    model: null,
    effort: null,
    method: null,
    cause: null,
    viaVocabulary: false,
    indexCheck: null,
    rank: Number.POSITIVE_INFINITY,
    ...fields,
  };
}

/** Applies the effort rules to a chosen model: matched, or proposed with the problem. */
function withEffort(input: RowInput, model: OpenRouterModelRecord, fields: Pick<Draft, 'method' | 'rank' | 'reason'>): Draft {
  const indexCheck = input.indexOf(model);
  if (input.markers.conflict) {
    return draftOf(input, {
      ...fields,
      model: model.modelId,
      status: 'proposed',
      cause: 'effort-conflict',
      indexCheck,
      reason: `${fields.reason}; effort unclear: ${input.markers.conflict}`,
    });
  }
  const outcome = effortFor(input.markers, model, vocabularyFor(input.vocabularies, model.modelId));
  if (!outcome.ok) {
    return draftOf(input, {
      ...fields,
      model: model.modelId,
      effort: outcome.effort,
      status: 'proposed',
      cause: outcome.cause,
      indexCheck,
      reason: `${fields.reason}; not matched: ${outcome.problem}`,
    });
  }
  const notes = [fields.reason, outcome.note, indexCheck === 'confirmed' ? `OpenRouter's AA indices confirm it` : null];
  return draftOf(input, {
    ...fields,
    model: model.modelId,
    effort: outcome.effort,
    status: 'matched',
    viaVocabulary: outcome.vocabulary !== null,
    indexCheck,
    reason: notes.filter(Boolean).join('; '),
  });
}

function matchRow(input: RowInput, catalogue: Catalogue, aliases: AliasLookup): Draft {
  const { row } = input;
  let prefix = '';
  if (row.openrouterApiId) {
    const apiId = row.openrouterApiId;
    const model = catalogue.byId.get(apiId) ?? catalogue.byCanonical.get(apiId) ?? catalogue.byId.get(apiId.replace(/:.*$/, ''));
    if (model) return withEffort(input, model, { method: 'openrouter_api_id', rank: 0, reason: `AA's openrouter_api_id is ${apiId}` });
    prefix = `AA's openrouter_api_id ${apiId} is not a listed model; `;
  }

  const alias = aliases.byId.get(row.aaId.toLowerCase()) ?? aliases.bySlug.get(row.slug);
  if (alias) return applyAlias(input, alias, catalogue, prefix);

  const search = searchNormalForm(input, catalogue);
  if (search.kind === 'found') {
    const aside = search.setAside ? `; set aside: ${search.setAside}` : '';
    return withEffort(input, search.model, {
      method: 'normal-form',
      rank: 2 + search.level,
      reason: `${prefix}normal form (${search.how}) is ${search.model.modelId}${aside}`,
    });
  }
  if (search.kind === 'rejected') {
    const single = search.models.length === 1 ? (search.models[0] as OpenRouterModelRecord) : null;
    return draftOf(input, {
      status: 'proposed',
      method: 'normal-form',
      cause: 'candidate-rejected',
      model: single?.modelId ?? null,
      indexCheck: search.check,
      reason: `${prefix}normal form matches ${search.models.map((m) => m.modelId).join(', ')}, rejected: ${search.why}`,
    });
  }
  if (search.kind === 'ambiguous') {
    return draftOf(input, { status: 'proposed', method: 'normal-form', cause: 'ambiguous', reason: `${prefix}${search.why}` });
  }

  const proposals = searchTokens(input, catalogue);
  if (proposals.length > 0) {
    const single = proposals.length === 1 ? (proposals[0] as OpenRouterModelRecord) : null;
    const check = single ? input.indexOf(single) : null;
    const evidence = single && check !== 'unverifiable' ? `; ${describeIndex(single, input.family)}` : '';
    return draftOf(input, {
      status: 'proposed',
      method: 'token',
      cause: 'token-proposal',
      model: single?.modelId ?? null,
      indexCheck: check,
      reason: `${prefix}same words in another order as ${proposals.map((m) => m.modelId).join(', ')} (${search.tried}); review and add an alias if right${evidence}`,
    });
  }
  return draftOf(input, {
    status: 'unmatched',
    cause: 'no-model',
    reason: `${prefix}no OpenRouter model matches ${search.tried}${excludedNote(input, catalogue)}`,
  });
}

function applyAlias(input: RowInput, alias: CurationAlias, catalogue: Catalogue, prefix: string): Draft {
  const model = catalogue.byId.get(alias.model);
  const label = `${prefix}alias: ${alias.reason}`;
  if (!model) {
    const why = catalogue.exclusionById.get(alias.model);
    const state = why ? `is ${why}` : 'is not listed on OpenRouter';
    return draftOf(input, {
      status: 'unmatched',
      method: 'alias',
      cause: 'alias-target-missing',
      reason: `${label}; its target ${alias.model} ${state}`,
    });
  }
  const indexCheck = input.indexOf(model);
  const disagreement = indexCheck === 'contradicted' ? `; note: ${describeIndex(model, input.family)}` : '';
  const supported = model.supportedEfforts;
  if (alias.effort !== null && supported !== null && !supported.includes(alias.effort)) {
    return draftOf(input, {
      status: 'proposed',
      method: 'alias',
      cause: 'effort-not-offered',
      model: model.modelId,
      effort: alias.effort,
      indexCheck,
      reason: `${label}; not matched: effort ${alias.effort} is not among OpenRouter's efforts (${supported.join(', ')})`,
    });
  }
  return draftOf(input, {
    status: 'matched',
    method: 'alias',
    model: model.modelId,
    effort: alias.effort,
    indexCheck,
    rank: 1,
    reason: `${label}${disagreement}`,
  });
}

/** "only nvidia/…:free has that form, and :free variants are never matched". */
function excludedNote(input: RowInput, catalogue: Catalogue): string {
  const hits = new Set<string>();
  for (const author of input.authors) {
    for (const key of [input.markers.slugBase, input.markers.nameBase]) {
      for (const { model, why } of catalogue.excluded.get(`${author}/${aaKeyUnder(author, key)}`) ?? [])
        hits.add(`${model.modelId} (${why})`);
    }
  }
  return hits.size ? `; only ${[...hits].join(', ')} has that form, and such models are never matched` : '';
}
