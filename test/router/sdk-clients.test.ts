import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HIGH_CHAIN, startHarness, type Harness } from '../support/router-harness.js';

/** The router driven by the clients teams actually use: the openai SDK and the Vercel AI SDK. */
let h: Harness;
let client: OpenAI;
beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'placeholder' });
});
afterAll(() => h.close());
beforeEach(() => {
  h.fake.calls.length = 0;
  for (const m of HIGH_CHAIN) h.fake.fault(m, null);
});

const messages = [{ role: 'user' as const, content: 'write a test' }];
const tools = [
  { type: 'function' as const, function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } },
];

describe('openai SDK 6', () => {
  it('non-streaming: the completion of the model that served, the headers readable', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'pareto-code', messages }).withResponse();
    expect(data.model).toBe('b/beta');
    expect(data.choices[0]!.message.content).toBe('hello from b/beta');
    expect(response.headers.get('x-pareto-model')).toBe('b/beta');
  });

  it('streaming: every delta, the usage chunk, after a fallback the second model', async () => {
    h.fake.fault('b/beta', { kind: 'status', status: 502 });
    const stream = await client.chat.completions.create({ model: 'pareto-code', messages, stream: true });
    let text = '';
    let usage: unknown;
    const models = new Set<string>();
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      models.add(chunk.model);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('0xxxxx1xxxxx2xxxxx');
    expect([...models]).toEqual(['c/gamma']);
    expect(usage).toMatchObject({ total_tokens: 15 });
  });

  it('tool calls, non-streaming and streamed as deltas the SDK assembles', async () => {
    const plain = await client.chat.completions.create({ model: 'pareto-code', messages, tools });
    expect(plain.choices[0]!.message.tool_calls![0]).toMatchObject({
      type: 'function',
      function: { name: 'read_file', arguments: '{"path":"a.ts"}' },
    });
    const stream = await client.chat.completions.create({ model: 'pareto-code', messages, tools, stream: true });
    let args = '';
    let name = '';
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += call.function?.name ?? '';
        args += call.function?.arguments ?? '';
      }
    }
    expect({ name, args }).toEqual({ name: 'read_file', args: '{"path":"a.ts"}' });
  });

  it('a final failure is an APIError with the upstream status and message, and the SDK does not retry it (3 upstream calls, not 9)', async () => {
    for (const m of HIGH_CHAIN) h.fake.fault(m, { kind: 'status', status: 503, retryAfter: '0', message: 'no provider available' });
    const error = await client.chat.completions.create({ model: 'pareto-code', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((error as Error).message).toContain('no provider available');
    expect(h.fake.calls.map((c) => c.model)).toEqual(HIGH_CHAIN);
  });

  it('a router error (bad plugin field) reaches the SDK as a 400 with its param', async () => {
    const error = await client.chat.completions
      .create({ model: 'pareto-code', messages, plugins: [{ id: 'pareto-router', min_coding_score: 'high' }] } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as { param?: string }).param).toContain('min_coding_score');
    expect(h.fake.calls).toHaveLength(0);
  });

  it('models.list and models.retrieve: the router models, each naming its primaries; another id is a NotFoundError', async () => {
    const listed = [];
    for await (const model of client.models.list()) listed.push(model.id);
    expect(listed).toEqual(['pareto-code', 'pareto-code:nitro']);
    // The SDK percent-encodes the id in the path: ':' and '/' arrive as %3A and %2F.
    for (const id of ['pareto-code:nitro', 'openrouter/pareto-code:nitro']) {
      const model = await client.models.retrieve(id);
      expect(model).toMatchObject({ id: 'pareto-code:nitro', object: 'model', owned_by: 'pareto-router' });
      expect((model as { description?: string }).description).toContain('high: d/delta @ high');
    }
    const missing = await client.models.retrieve('openai/gpt-5').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as { code?: string }).code).toBe('model_not_found');
    expect(h.fake.calls).toHaveLength(0);
  });
});

describe('ai SDK 6 with the OpenRouter provider', () => {
  it('streams text from pareto-code through the router', async () => {
    const openrouter = createOpenRouter({ baseURL: `${h.url}/api/v1`, apiKey: 'placeholder' });
    const result = streamText({ model: openrouter('pareto-code'), prompt: 'write a test' });
    let text = '';
    for await (const part of result.textStream) text += part;
    expect(text).toBe('0xxxxx1xxxxx2xxxxx');
    expect(h.fake.calls[0]!.model).toBe('b/beta');
    expect(h.fake.calls[0]!.body.stream).toBe(true);
  });
});
