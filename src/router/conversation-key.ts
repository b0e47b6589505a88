import { hash } from 'node:crypto';

/**
 * The stickiness key of a conversation that sent no session key (SPEC §10.4): the client's
 * credential, the router model and the first system and first user message, as OpenRouter keys
 * its own sticky routing. Those messages open every request of a conversation (agents resend the
 * whole history), so the key stays the same turn after turn, and it is what a provider's prompt
 * cache is keyed on too.
 *
 * Decisions:
 * - null when `messages` is not an array or holds no user message: nothing identifies the
 *   conversation, so the request is simply not sticky.
 * - `system` and `developer` (OpenAI's newer name for it) both count as the system message, but
 *   only before the first user message: one added later in a conversation would change the key
 *   mid-conversation.
 * - Content may be a string or an array of parts; a string and a single text part are the same
 *   content. Text parts count by their text; any other part (image, audio, file) counts by its
 *   type only. Hashing a multi-megabyte image per request buys little: two conversations would
 *   have to share credential, model and every word of the opening to share a pin, and sharing one
 *   only means being routed alike.
 * - Everything goes into one SHA-256 with a domain tag and length-prefixed fields, so no field can
 *   bleed into the next and the credential cannot be read back from the key; the key is safe to
 *   log or store (the Redis store hashes it once more).
 */
const DOMAIN = 'pareto-router/conversation-key/v1';
export const CONVERSATION_KEY_PREFIX = 'conversation:';

export function conversationKey(input: { credential: string; routerModel: string; messages: unknown }): string | null {
  const { messages } = input;
  if (!Array.isArray(messages)) return null;
  let system: Part[] | null = null;
  let user: Part[] | null = null;
  for (const message of messages) {
    if (!isRecord(message)) continue;
    if (message.role === 'user') {
      user = partsOf(message.content);
      break;
    }
    if (system === null && (message.role === 'system' || message.role === 'developer')) system = partsOf(message.content);
  }
  if (user === null) return null;

  // Tag, byte length, colon, bytes: an unambiguous encoding of the whole sequence, hashed in one
  // call (one update per field costs more than the hashing itself).
  const text =
    field('d', DOMAIN) + field('c', input.credential) + field('m', input.routerModel) + message('s', system) + message('u', user);
  return CONVERSATION_KEY_PREFIX + hash('sha256', text);
}

const field = (tag: string, text: string) => `${tag}${Buffer.byteLength(text)}:${text}`;

/** The part count, or '-' for no such message (so an absent system message differs from an empty one), then the parts. */
function message(tag: string, parts: readonly Part[] | null): string {
  if (parts === null) return field(tag, '-');
  let text = field(tag, String(parts.length));
  for (const part of parts) text += field(part.kind, part.value);
  return text;
}

interface Part {
  /** 't' text, 'o' another kind of part, by its type. */
  readonly kind: 't' | 'o';
  readonly value: string;
}

function partsOf(content: unknown): Part[] {
  if (typeof content === 'string') return [{ kind: 't', value: content }];
  if (!Array.isArray(content)) return [];
  return content.map((part): Part => {
    if (!isRecord(part)) return { kind: 'o', value: typeof part };
    if (part.type === 'text' && typeof part.text === 'string') return { kind: 't', value: part.text };
    return { kind: 'o', value: typeof part.type === 'string' ? part.type : 'untyped' };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
