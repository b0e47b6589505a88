import type { OpenRouterModelRecord } from '../../domain/records.js';
import { prefixSpellings } from './creators.js';
import { fineWords, looseKey, looseParts, normalForm, stripAuthorPrefix, tokenSignature } from './name-keys.js';

/**
 * The OpenRouter side of matching: which models may be matched at all, and lookup tables from
 * `author/key` to models for each key level. Keys are per author because matches require the
 * same author, and the redundant-prefix rule depends on it.
 */

/** Why a model can never be a match target (SPEC §4.2), or null when it can. */
export function exclusionOf(model: OpenRouterModelRecord): string | null {
  if (model.tokenizer === 'Router' || model.variablePrice) return 'a router model';
  if (model.modelId.includes(':')) return `a ${model.modelId.slice(model.modelId.indexOf(':'))} variant`;
  if (!model.outputModalities.includes('text')) return 'without text output';
  if (!model.modelId.includes('/')) return 'an id without an author';
  return null;
}

export function authorOf(modelId: string): string {
  return modelId.slice(0, modelId.indexOf('/'));
}

/** The strict key of an OpenRouter id or permaslug under its author, or null for another author. */
function keyUnder(author: string, id: string | null): string | null {
  if (!id || !id.includes('/') || authorOf(id) !== author) return null;
  const name = id.slice(id.indexOf('/') + 1).replace(/:.*$/, '');
  return stripAuthorPrefix(normalForm(name), prefixSpellings(author));
}

/**
 * "Mistral: Devstral 2 2512" → `devstral-2-2512`: the display name after the "Author: " prefix,
 * used as a key only when it says everything the id says (dates aside). "Granite 4.0 Micro" for
 * `ibm-granite/granite-4.0-h-micro` drops the `h` (a different architecture) and is not used.
 */
function displayNameKey(author: string, idKey: string, name: string): string | null {
  const bare = name.includes(': ') ? name.slice(name.indexOf(': ') + 2) : name;
  const key = stripAuthorPrefix(normalForm(bare), prefixSpellings(author));
  if (key === '') return null;
  const words = fineWords(`${author} ${bare}`);
  for (const word of fineWords(looseKey(idKey))) if (!words.has(word)) return null;
  return key;
}

/** The key of an AA slug or name, under one candidate author. */
export function aaKeyUnder(author: string, key: string): string {
  return stripAuthorPrefix(key, prefixSpellings(author));
}

export interface LooseEntry {
  readonly model: OpenRouterModelRecord;
  readonly date: string | null;
}

export interface Catalogue {
  readonly byId: ReadonlyMap<string, OpenRouterModelRecord>;
  readonly byCanonical: ReadonlyMap<string, OpenRouterModelRecord>;
  /** `author/strict key` of the id only: a permaslug may point at an older name. */
  readonly strict: ReadonlyMap<string, readonly OpenRouterModelRecord[]>;
  /** `author/strict key` of the display name without its "Author: " prefix ("Mistral Small 4"). */
  readonly named: ReadonlyMap<string, readonly OpenRouterModelRecord[]>;
  /** `author/loose key` of the id and of the same-author permaslug, with the date each dropped. */
  readonly loose: ReadonlyMap<string, readonly LooseEntry[]>;
  /** `author/sorted tokens` of the loose keys. */
  readonly tokens: ReadonlyMap<string, readonly LooseEntry[]>;
  /** Models that cannot be matched, by `author/strict key`, to explain a miss. */
  readonly excluded: ReadonlyMap<string, readonly { readonly model: OpenRouterModelRecord; readonly why: string }[]>;
  /** Every model id, excluded ones too, with the reason it is excluded (or null). */
  readonly exclusionById: ReadonlyMap<string, string | null>;
}

export function buildCatalogue(models: readonly OpenRouterModelRecord[]): Catalogue {
  const byId = new Map<string, OpenRouterModelRecord>();
  const byCanonical = new Map<string, OpenRouterModelRecord>();
  const strict = new Map<string, OpenRouterModelRecord[]>();
  const named = new Map<string, OpenRouterModelRecord[]>();
  const loose = new Map<string, LooseEntry[]>();
  const tokens = new Map<string, LooseEntry[]>();
  const excluded = new Map<string, { model: OpenRouterModelRecord; why: string }[]>();
  const exclusionById = new Map<string, string | null>();
  for (const model of models) {
    const why = exclusionOf(model);
    exclusionById.set(model.modelId, why);
    const author = model.modelId.includes('/') ? authorOf(model.modelId) : '';
    const idKey = keyUnder(author, model.modelId);
    if (why !== null) {
      if (idKey) push(excluded, `${author}/${idKey}`, { model, why });
      continue;
    }
    if (idKey === null) continue;
    byId.set(model.modelId, model);
    if (model.canonicalSlug) byCanonical.set(model.canonicalSlug, model);
    push(strict, `${author}/${idKey}`, model);
    const nameKey = displayNameKey(author, idKey, model.name);
    if (nameKey) push(named, `${author}/${nameKey}`, model);
    const canonicalKey = keyUnder(author, model.canonicalSlug);
    for (const key of [idKey, canonicalKey, nameKey].filter((k): k is string => Boolean(k))) {
      const parts = looseParts(key);
      push(loose, `${author}/${parts.key}`, { model, date: parts.date });
      push(tokens, `${author}/${tokenSignature(parts.key)}`, { model, date: parts.date });
    }
  }
  return { byId, byCanonical, strict, named, loose, tokens, excluded, exclusionById };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else list.push(value);
}
