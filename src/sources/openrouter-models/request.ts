import { ParetoError } from '../../errors.js';
import { MODELS_SOURCE_ID } from './parse.js';

/**
 * Request details shared by both OpenRouter sources. `/models` and `/endpoints` are public; a key
 * is sent only when configured, because it is what unhides endpoint latency and throughput.
 */
export function openRouterHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

export function modelsUrl(baseUrl: string): string {
  return `${baseUrl}/models`;
}

/**
 * The next page from `links.next` ("/api/v1/models?offset=500&limit=500"). Only its query is
 * kept and applied to the configured /models URL: the link is root-relative (wrong behind a
 * proxy with a path prefix), and the Bearer key must never follow a link to another host.
 */
export function nextPageUrl(baseUrl: string, next: string, currentUrl: string): string {
  let search: string;
  try {
    search = new URL(next, currentUrl).search;
  } catch {
    search = '';
  }
  if (!search) {
    throw new ParetoError('schema', `${currentUrl} sent links.next "${next}", which has no offset to follow`, {
      source: MODELS_SOURCE_ID,
      hint: 'the pagination links have changed; nothing was stored. Update src/sources/openrouter-models (see its readme)',
    });
  }
  return `${modelsUrl(baseUrl)}${search}`;
}
