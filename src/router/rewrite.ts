import { PLUGIN_ID } from '../resolver/plugin.js';
import { topLevelMembers } from './json-members.js';

/**
 * The forwarded body for a router-model request (SPEC §10.2): `model` is the chain entry's, the
 * entry's effort goes in as `reasoning.effort` unless the client set `reasoning` or
 * `reasoning_effort`, the pareto-router plugin is dropped, everything else is sent as it came.
 *
 * Cost: agents send 200–500 KB of messages per turn. The fields that change are few and small,
 * so the other members are copied from the client's own text (found by `topLevelMembers`), never
 * serialised again, and each attempt only prepends its own `model` (and `reasoning`) to them.
 */
export interface PreparedBody {
  /** The client set `reasoning` or `reasoning_effort`: its choice stands over the entry's effort. */
  readonly clientReasoning: boolean;
  forEntry(model: string, effort: string | null): string | Buffer;
}

/**
 * `text` is the client's body, `body` what JSON.parse made of it, `raw` its bytes. When the text
 * is ASCII (as JSON from most clients is: non-ASCII is usually escaped), character offsets are
 * byte offsets, so the kept members are copied as bytes and never encoded to UTF-8 again.
 */
export function prepareBody(body: Readonly<Record<string, unknown>>, text: string, raw?: Buffer): PreparedBody {
  const clientReasoning = body.reasoning !== undefined || body.reasoning_effort !== undefined;
  const bytes = raw !== undefined && raw.length === text.length ? raw : Buffer.from(text);
  const kept: Buffer[] = [];
  for (const member of topLevelMembers(text)) {
    if (member.key === 'model' || member.key === 'plugins') continue;
    kept.push(bytes === raw ? raw.subarray(member.start, member.end) : Buffer.from(text.slice(member.start, member.end)));
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
    forEntry(model, effort) {
      const reasoning = effort === null || clientReasoning ? '' : `,"reasoning":{"effort":${JSON.stringify(effort)}}`;
      const head = Buffer.from(`{"model":${JSON.stringify(model)}${reasoning}`);
      // One copy of the kept bytes per attempt, straight into the body sent.
      return Buffer.concat([head, ...tail], head.length + tailLength);
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
