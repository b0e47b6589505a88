import type { Shortlist } from '../artifact/schema.js';
import { TIER_NAMES } from '../artifact/schema.js';
import { createResolver } from '../resolver/index.js';

/**
 * What the read-only routes answer: the router models in OpenAI's list shape (SPEC §10, with the
 * current primary per tier in each description) and the artifact itself with an ETag. Pure:
 * computed once per shortlist version and cached by the caller.
 */
export interface ShortlistDocument {
  readonly text: string;
  readonly etag: string;
}

export function shortlistDocument(shortlist: Shortlist): ShortlistDocument {
  return { text: JSON.stringify(shortlist), etag: `"v${shortlist.version}-${shortlist.contentHash.slice(0, 16)}"` };
}

const SCORE_FOR = { high: 0.9, medium: 0.5, low: 0.1 } as const;

/** `GET /v1/models` and `GET /v1/models/{id}` (the openai SDK's `models.retrieve`), as JSON texts. */
export interface ModelsDocuments {
  readonly list: string;
  /** By id, with and without `openrouter/`, as a chat request may name them. */
  readonly byId: ReadonlyMap<string, string>;
}

export function modelsDocuments(shortlist: Shortlist): ModelsDocuments {
  const resolver = createResolver(shortlist);
  const created = Math.floor(Date.parse(shortlist.createdAt) / 1000);
  const data = (['pareto-code', 'pareto-code:nitro'] as const).map((id) => {
    const primaries = TIER_NAMES.map((tier) => {
      try {
        const r = resolver.resolve({ model: id, plugins: [{ id: 'pareto-router', min_coding_score: SCORE_FOR[tier] }] });
        return `${tier}: ${r.primary.model}${r.primary.effort ? ` @ ${r.primary.effort}` : ''}${r.stepped ? ` (from ${r.tier})` : ''}`;
      } catch {
        return `${tier}: none available`;
      }
    });
    const order = id.endsWith(':nitro') ? 'fastest' : 'cheapest';
    return {
      id,
      object: 'model',
      created,
      owned_by: 'pareto-router',
      description: `Pareto router, ${order} model of the tier (shortlist v${shortlist.version}). ${primaries.join('; ')}`,
    };
  });
  const byId = new Map<string, string>();
  for (const model of data) {
    const text = JSON.stringify(model);
    byId.set(model.id, text);
    byId.set(`openrouter/${model.id}`, text);
  }
  return { list: JSON.stringify({ object: 'list', data }), byId };
}
