import { createHash } from 'node:crypto';

/**
 * The key a conversation without a session id is pinned under (SPEC §10.4), as OpenRouter
 * derives its own: the client's credential, the router model, and the first system (or
 * developer) message and the first user message. A conversation resends its opening messages
 * on every turn, so every turn maps to the same key; another client, router model or task does
 * not. SHA-256 over the fields, each length-prefixed so no two field lists hash alike; the
 * credential and prompts never leave this function in clear.
 *
 * null when there is no user message: nothing identifies the conversation.
 */
export interface ConversationKeyInput {
  readonly credential: string;
  readonly routerModel: string;
  readonly messages: unknown;
}

export function conversationKey({ credential, routerModel, messages }: ConversationKeyInput): string | null {
  if (!Array.isArray(messages)) return null;
  let system: unknown;
  let user: unknown;
  for (const message of messages) {
    if (typeof message !== 'object' || message === null) continue;
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (system === undefined && (role === 'system' || role === 'developer')) system = content;
    if (user === undefined && role === 'user') user = content;
    if (user !== undefined && system !== undefined) break;
  }
  if (user === undefined) return null;
  const hash = createHash('sha256');
  for (const field of [credential, routerModel, contentText(system), contentText(user)]) {
    hash.update(`${Buffer.byteLength(field)}:`);
    hash.update(field);
  }
  return hash.digest('hex');
}

/** Content is a string or an array of parts; either way the same content gives the same text. */
function contentText(content: unknown): string {
  if (content === undefined || content === null) return '';
  return typeof content === 'string' ? content : JSON.stringify(content);
}
