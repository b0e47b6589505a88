import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/router/conversation-key.js';

/** Keys of conversations without a session key (SPEC §10.4). */
const CREDENTIAL = 'sk-or-v1-0123456789abcdef0123456789abcdef';
const base = {
  credential: CREDENTIAL,
  routerModel: 'pareto-code',
  messages: [
    { role: 'system', content: 'You are a coding agent.' },
    { role: 'user', content: 'Fix the failing test.' },
  ] as unknown[],
};
const key = (patch: Partial<typeof base> = {}) => conversationKey({ ...base, ...patch });
const withMessages = (...messages: unknown[]) => key({ messages });

describe('conversationKey', () => {
  it('is a prefixed SHA-256 that never contains the credential or the text', () => {
    const k = key()!;
    expect(k).toMatch(/^conversation:[0-9a-f]{64}$/);
    expect(k).not.toContain(CREDENTIAL);
    expect(k.slice('conversation:'.length)).not.toBe(createHash('sha256').update(CREDENTIAL).digest('hex'));
    expect(key()).toBe(k);
  });

  it.each<[string, unknown]>([
    ['messages missing', undefined],
    ['messages an object', { role: 'user', content: 'hi' }],
    ['messages a string', 'hi'],
    ['no messages', []],
    ['only a system message', [{ role: 'system', content: 'x' }]],
    [
      'only assistant and tool messages',
      [
        { role: 'assistant', content: 'x' },
        { role: 'tool', content: 'y', tool_call_id: '1' },
      ],
    ],
    ['no message objects', [null, 'user', ['user'], 7]],
    [
      'a role that only looks like user',
      [
        { role: 'User', content: 'x' },
        { role: ['user'], content: 'y' },
      ],
    ],
  ])('is null with %s', (_, messages) => {
    expect(key({ messages: messages as unknown[] })).toBeNull();
  });

  it('is the same key from one release to the next (pins stored in Redis outlive a restart)', () => {
    const messages = [
      { role: 'system', content: 'be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hi' },
          { type: 'image_url', image_url: { url: 'x' } },
        ],
      },
    ];
    expect(conversationKey({ credential: 'k1', routerModel: 'pareto-code', messages })).toBe(
      'conversation:af10d5707e84a09dfefd5c42807a79c1e84d9b4a7c62e9993cc97aecbc534706',
    );
  });

  it('stays the same as the conversation grows', () => {
    const later = [
      ...base.messages,
      { role: 'assistant', content: 'Done.' },
      { role: 'user', content: 'Now the docs.' },
      { role: 'system', content: 'late note' },
    ];
    expect(withMessages(...later)).toBe(key());
  });

  it.each<[string, Partial<typeof base>]>([
    ['another credential', { credential: `${CREDENTIAL}x` }],
    ['another router model', { routerModel: 'pareto-code:nitro' }],
    ['another system message', { messages: [{ role: 'system', content: 'You are a reviewer.' }, base.messages[1]] }],
    ['another first user message', { messages: [base.messages[0], { role: 'user', content: 'Fix the failing build.' }] }],
    ['no system message', { messages: [base.messages[1]] }],
    ['an empty system message', { messages: [{ role: 'system', content: '' }, base.messages[1]] }],
    [
      'the text split differently across parts',
      {
        messages: [
          base.messages[0],
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Fix the ' },
              { type: 'text', text: 'failing test.' },
            ],
          },
        ],
      },
    ],
    [
      'an image next to the text',
      {
        messages: [
          base.messages[0],
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Fix the failing test.' },
              { type: 'image_url', image_url: { url: 'data:x' } },
            ],
          },
        ],
      },
    ],
    [
      'the system text moved into the user message',
      { messages: [{ role: 'user', content: 'You are a coding agent.Fix the failing test.' }] },
    ],
  ])('differs with %s', (_, patch) => {
    expect(key(patch)).not.toBe(key());
    expect(key(patch)).toMatch(/^conversation:/);
  });

  it('keeps fields apart: moving characters between credential and model changes the key', () => {
    expect(key({ credential: 'abc', routerModel: 'def' })).not.toBe(key({ credential: 'ab', routerModel: 'cdef' }));
  });

  it.each<[string, unknown[]]>([
    [
      'content as one text part',
      [
        { role: 'system', content: [{ type: 'text', text: 'You are a coding agent.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Fix the failing test.', cache_control: { type: 'ephemeral' } }] },
      ],
    ],
    ['developer as the system role', [{ role: 'developer', content: 'You are a coding agent.' }, base.messages[1]]],
    [
      'a second system message before the user',
      [...base.messages.slice(0, 1), { role: 'system', content: 'more rules' }, base.messages[1]],
    ],
    [
      'other message fields',
      [
        { ...(base.messages[0] as object), name: 'cfg' },
        { ...(base.messages[1] as object), name: 'dev' },
      ],
    ],
    ['non-message items skipped', [null, base.messages[0], 'noise', base.messages[1]]],
  ])('is the same with %s', (_, messages) => {
    expect(withMessages(...messages)).toBe(key());
  });

  it('counts a non-text part by its type only', () => {
    const image = (url: string) =>
      withMessages({
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url } },
        ],
      });
    expect(image('data:image/png;base64,AAAA')).toBe(image('data:image/png;base64,BBBB'));
    const audio = withMessages({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'input_audio', input_audio: { data: 'AAAA' } },
      ],
    });
    expect(audio).not.toBe(image('data:x'));
  });
});
