import { ParetoError } from '../../errors.js';
import { ENDPOINTS_SOURCE_ID } from './parse.js';

/**
 * Which models to ask about. Variants (`:free`, `:nitro`, …) share the base model's endpoint list
 * (a free endpoint shows up there at price "0"), so the suffix is stripped and repeats collapse.
 */
export function baseModelId(id: string): string {
  const colon = id.indexOf(':');
  return colon === -1 ? id : id.slice(0, colon);
}

const AUTHOR_SLUG = /^[^/\s]+\/[^/\s]+$/;

/** Normalised, de-duplicated ids in first-seen order; a 'usage' error when there are none or some are malformed. */
export function requestedModelIds(modelIds: readonly string[] | undefined): string[] {
  const ids = [...new Set((modelIds ?? []).map((id) => baseModelId(id.trim())).filter(Boolean))];
  if (ids.length === 0) {
    throw new ParetoError('usage', `no model ids were given, so there are no endpoints to fetch`, {
      source: ENDPOINTS_SOURCE_ID,
      hint: 'pass OpenRouter model ids as author/slug (e.g. --models anthropic/claude-sonnet-4.6,z-ai/glm-5.3); a sync normally takes them from the latest openrouter-models run',
    });
  }
  const bad = ids.filter((id) => !AUTHOR_SLUG.test(id));
  if (bad.length > 0) {
    throw new ParetoError(
      'usage',
      `${bad.map((id) => `"${id}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not an OpenRouter model id`,
      { source: ENDPOINTS_SOURCE_ID, hint: 'OpenRouter model ids look like author/slug, e.g. anthropic/claude-sonnet-4.6' },
    );
  }
  return ids;
}

/** Each path segment is encoded on its own, so an odd character cannot change the route. */
export function endpointsUrl(baseUrl: string, modelId: string): string {
  const [author = '', slug = ''] = modelId.split('/');
  return `${baseUrl}/models/${encodeURIComponent(author)}/${encodeURIComponent(slug)}/endpoints`;
}

/** The model ids endpoint requests asked about, read back from their URLs (a replay has no model list). */
export function modelIdsInEndpointUrls(urls: readonly string[]): string[] {
  const ids: string[] = [];
  for (const url of urls) {
    const match = /\/models\/([^/]+)\/([^/]+)\/endpoints$/.exec(new URL(url).pathname);
    if (match?.[1] && match[2]) ids.push(`${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`);
  }
  return [...new Set(ids)];
}
