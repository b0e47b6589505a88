import { PLUGIN_ID } from '../resolver/plugin.js';

/**
 * The forwarded body for a router-model request (SPEC §10.2): `model` is the chain entry's, the
 * entry's effort goes in as `reasoning.effort` unless the client set `reasoning` or
 * `reasoning_effort`, the pareto-router plugin is dropped, everything else is sent as it came.
 *
 * Cost: agents send 200–500 KB of messages per turn. The fields that change are few and small,
 * so everything else is serialised once per request and each attempt only prepends its own
 * `model` (and `reasoning`) to that text: one JSON.stringify whatever the number of attempts.
 */
export interface PreparedBody {
  /** The client set `reasoning` or `reasoning_effort`: its choice stands over the entry's effort. */
  readonly clientReasoning: boolean;
  forEntry(model: string, effort: string | null): string;
}

export function prepareBody(body: Readonly<Record<string, unknown>>): PreparedBody {
  const clientReasoning = body.reasoning !== undefined || body.reasoning_effort !== undefined;
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (key === 'model') continue;
    if (key === 'plugins') {
      const others = withoutRouterPlugin(body.plugins);
      if (others !== undefined) rest.plugins = others;
      continue;
    }
    rest[key] = body[key];
  }
  const restJson = JSON.stringify(rest);
  // '{}' → '}', '{"a":1}' → ',"a":1}': what follows our own leading fields.
  const tail = restJson === '{}' ? '}' : `,${restJson.slice(1)}`;
  return {
    clientReasoning,
    forEntry(model, effort) {
      const reasoning = effort === null || clientReasoning ? '' : `,"reasoning":{"effort":${JSON.stringify(effort)}}`;
      return `{"model":${JSON.stringify(model)}${reasoning}${tail}`;
    },
  };
}

/** Other plugins (web search, response healing…) are the client's; an emptied list is dropped. */
function withoutRouterPlugin(plugins: unknown): unknown {
  if (!Array.isArray(plugins)) return plugins;
  const others = plugins.filter((p) => !(typeof p === 'object' && p !== null && (p as { id?: unknown }).id === PLUGIN_ID));
  return others.length === 0 ? undefined : others;
}
