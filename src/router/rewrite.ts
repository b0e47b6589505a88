import { PLUGIN_ID } from '../resolver/plugin.js';
import { outgoingBody, type OutgoingBody } from './body-parts.js';
import type { MemberSpan } from './json-members.js';

/**
 * The forwarded body for a router-model request (SPEC §10.2): `model` is the chain entry's, the
 * entry's effort goes in as `reasoning.effort` unless the client set `reasoning` or
 * `reasoning_effort`, the pareto-router plugin is dropped, everything else is sent as it came.
 *
 * Cost: agents send 200–500 KB of messages per turn. The fields that change are few and small,
 * so the other members are copied from the client's own bytes (their spans found while parsing),
 * never serialised again, and each attempt only prepends its own `model` (and `reasoning`) to them;
 * a large body goes out as those parts, never joined (body-parts.ts).
 *
 * A sticky attempt may also ask for its pinned provider first: `provider.order` is set to that
 * provider's endpoint tags, the client's other provider preferences kept, OpenRouter's own
 * fallback to other providers left on. A client that chose providers itself (`order` or `only`)
 * keeps its choice.
 */
export interface PreparedBody {
  /** The client set `reasoning` or `reasoning_effort`: its choice stands over the entry's effort. */
  readonly clientReasoning: boolean;
  /** The client chose its providers (`provider.order` or `provider.only`): no pinned order is added. */
  readonly clientProviders: boolean;
  /** `providerOrder`: the pinned provider's endpoint tags, or null for no preference of ours. */
  forEntry(model: string, effort: string | null, providerOrder?: readonly string[] | null): OutgoingBody;
}

/** `body` is what JSON.parse made of the client's bytes `raw`, `members` their top-level spans. */
export function prepareBody(body: Readonly<Record<string, unknown>>, members: readonly MemberSpan[], raw: Buffer): PreparedBody {
  const clientReasoning = body.reasoning !== undefined || body.reasoning_effort !== undefined;
  const provider = body.provider;
  const providerObject = typeof provider === 'object' && provider !== null && !Array.isArray(provider) ? provider : null;
  // Only an object can take an order; anything else is the client's to send as it is (and OpenRouter's to refuse).
  const clientProviders = providerObject === null ? provider !== undefined : 'order' in providerObject || 'only' in providerObject;
  const kept: Buffer[] = [];
  let clientProvider: Buffer | null = null;
  for (const member of members) {
    if (member.key === 'model' || member.key === 'plugins') continue;
    const part = raw.subarray(member.start, member.end);
    if (member.key === 'provider') clientProvider = part;
    else kept.push(part);
  }
  const others = withoutRouterPlugin(body.plugins);
  // Rewritten only when present: a small array, serialised on its own.
  if (others !== undefined) kept.push(Buffer.from(`"plugins":${JSON.stringify(others)}`));
  const tail: Buffer[] = [];
  let tailLength = 1;
  for (const part of kept) {
    tail.push(COMMA, part);
    tailLength += 1 + part.length;
  }
  tail.push(CLOSE);
  return {
    clientReasoning,
    clientProviders,
    forEntry(model, effort, providerOrder = null) {
      const reasoning = effort === null || clientReasoning ? '' : `,"reasoning":{"effort":${JSON.stringify(effort)}}`;
      const pinned = providerOrder !== null && providerOrder.length > 0 && !clientProviders;
      const providerPart = pinned
        ? `,"provider":${JSON.stringify({ ...(providerObject ?? {}), order: providerOrder })}`
        : clientProvider === null
          ? ''
          : `,${clientProvider.toString('utf8')}`;
      const head = Buffer.from(`{"model":${JSON.stringify(model)}${reasoning}${providerPart}`);
      // The kept bytes are sent where they lie (a large body) or copied once into a small one.
      return outgoingBody([head, ...tail], head.length + tailLength);
    },
  };
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');

/** Other plugins (web search, response healing…) are the client's; an emptied list is dropped. */
function withoutRouterPlugin(plugins: unknown): unknown {
  if (!Array.isArray(plugins)) return plugins;
  const others = plugins.filter((p) => !(typeof p === 'object' && p !== null && (p as { id?: unknown }).id === PLUGIN_ID));
  return others.length === 0 ? undefined : others;
}
