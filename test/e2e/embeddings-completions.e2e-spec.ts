import OpenAI from 'openai';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

const catalog = ([primary, backup]: number[]) => `providers:
  - id: primary
    base_url: http://127.0.0.1:${primary}/v1
    api_key: sim-key
    models:
      - model: openai/gpt-4o-mini
        pricing: { prompt: 0.15, completion: 0.6 }
      - model: openai/text-embedding-3-small
        type: embeddings
        pricing: { prompt: 0.02, completion: 0 }
      - model: openai/gpt-3.5-turbo-instruct
        type: completion
        pricing: { prompt: 1.5, completion: 2 }
  - id: backup
    base_url: http://127.0.0.1:${backup}/v1
    api_key: sim-key
    models:
      - model: openai/text-embedding-3-small
        type: embeddings
        pricing: { prompt: 0.03, completion: 0 }
  - id: yandex
    format: yandex
    base_url: http://127.0.0.1:${primary}
    api_key: sim-key
    options:
      folder_id: b1gsimfolder
    models:
      - model: yandex/text-search-doc
        upstream_id: text-search-doc/latest
        type: embeddings
        pricing: { prompt: 0.01, completion: 0 }
`;

describe('embeddings and legacy completions through the whole stack', () => {
  let e2e: E2eStack;
  let key: string;
  let client: OpenAI;

  beforeAll(async () => {
    e2e = await startE2eStack('embeddings', { catalog });
    key = (await e2e.createKey({ name: 'embeddings' })).key;
    client = e2e.client(key);
  });
  afterAll(async () => e2e?.stop());

  it('embeds text with the SDK defaults (base64 on the wire, floats to the caller) and bills it', async () => {
    const { data: reply, response } = await client.embeddings
      .create({ model: 'openai/text-embedding-3-small', input: ['first text', 'second text'] })
      .withResponse();
    expect(response.headers.get('x-alltokens-chosen-provider')).toBe('primary');
    expect(reply.data.map((item) => item.index)).toEqual([0, 1]);
    expect(reply.data[0]!.embedding.length).toBeGreaterThan(8);
    expect(reply.data[0]!.embedding.every((value) => Number.isFinite(value))).toBe(true);
    expect(reply.data[0]!.embedding).not.toEqual(reply.data[1]!.embedding);
    expect(reply.usage.prompt_tokens).toBeGreaterThan(0);
    expect((reply.usage as unknown as { cost: number }).cost).toBeCloseTo(reply.usage.prompt_tokens * 0.02e-6, 12);
    const generation = await eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/generation?id=${response.headers.get('x-request-id')}`, { headers: { authorization: `Bearer ${key}` } });
      return res.status === 200 ? ((await res.json()) as { data: Record<string, unknown> }).data : undefined;
    });
    expect(generation).toMatchObject({ model: 'openai/text-embedding-3-small', status: 'success', tokens_prompt: reply.usage.prompt_tokens, tokens_completion: 0 });
  });

  it('returns float arrays when asked for floats, and the same vector as base64', async () => {
    const floats = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: 'same', encoding_format: 'float' });
    const res = await fetch(`${e2e.gatewayUrl}/api/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/text-embedding-3-small', input: 'same', encoding_format: 'base64' }),
    });
    const base64 = ((await res.json()) as { data: Array<{ embedding: string }> }).data[0]!.embedding;
    const decoded = Array.from(new Float32Array(Buffer.from(base64, 'base64').buffer.slice(0)));
    expect(decoded.length).toBe(floats.data[0]!.embedding.length);
    decoded.forEach((value, index) => expect(value).toBeCloseTo(floats.data[0]!.embedding[index]!, 5));
  });

  it('accepts token arrays (as LangChain sends them)', async () => {
    const reply = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: [[9906, 1917], [15339]], encoding_format: 'float' });
    expect(reply.data).toHaveLength(2);
  });

  it('splits a batch for a provider that embeds one text per call (YandexGPT), keeping the order', async () => {
    const texts = ['один', 'два', 'три'];
    const batch = await client.embeddings.create({ model: 'yandex/text-search-doc', input: texts, encoding_format: 'float' });
    expect(batch.data.map((item) => item.index)).toEqual([0, 1, 2]);
    const singles = await Promise.all(texts.map((text) => client.embeddings.create({ model: 'yandex/text-search-doc', input: text, encoding_format: 'float' })));
    singles.forEach((single, index) => expect(batch.data[index]!.embedding).toEqual(single.data[0]!.embedding));
    expect(batch.usage.prompt_tokens).toBe(singles.reduce((sum, single) => sum + single.usage.prompt_tokens, 0));
  });

  it('fails over to the next embeddings provider', async () => {
    await fetch(`${e2e.simulatorUrls[0]!.replace(/\/v1$/, '')}/_sim/faults`, { method: 'POST', body: JSON.stringify({ type: 'status', status: 503 }) });
    const { response } = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: 'failover' }).withResponse();
    expect(response.headers.get('x-alltokens-chosen-provider')).toBe('backup');
    expect(response.headers.get('x-alltokens-failover-count')).toBe('1');
  });

  it('refuses a chat model, an unknown model and empty input with clear errors', async () => {
    await expect(client.embeddings.create({ model: 'openai/gpt-4o-mini', input: 'x' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('not an embeddings model'),
    });
    await expect(client.embeddings.create({ model: 'nope/nothing', input: 'x' })).rejects.toMatchObject({ status: 404 });
    await expect(client.embeddings.create({ model: 'openai/text-embedding-3-small', input: '' })).rejects.toMatchObject({ status: 400 });
  });

  it('serves legacy /completions from a chat model, with the 16-token default', async () => {
    const reply = await client.completions.create({ model: 'openai/gpt-4o-mini', prompt: 'Once upon a time' });
    expect(reply.object).toBe('text_completion');
    expect(reply.choices[0]!.text.length).toBeGreaterThan(0);
    expect(reply.choices[0]!.finish_reason).toBe('length');
    expect(reply.usage!.completion_tokens).toBeLessThanOrEqual(16);
    const echoed = await client.completions.create({ model: 'openai/gpt-4o-mini', prompt: 'Echo me', echo: true, max_tokens: 5 });
    expect(echoed.choices[0]!.text.startsWith('Echo me')).toBe(true);
  });

  it('streams legacy completions as text_completion chunks', async () => {
    const whole = await client.completions.create({ model: 'openai/gpt-4o-mini', prompt: 'Stream', max_tokens: 10 });
    const stream = await client.completions.create({ model: 'openai/gpt-4o-mini', prompt: 'Stream', max_tokens: 10, stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('text_completion');
      text += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe(whole.choices[0]!.text);
    expect(finish).toBe('length');
  });

  it('sends a text-completion model the raw prompt on its native /completions endpoint', async () => {
    const simulator = e2e.simulatorUrls[0]!.replace(/\/v1$/, '');
    const prompt = 'def fibonacci(n):';
    const { data: reply, response } = await client.completions.create({ model: 'openai/gpt-3.5-turbo-instruct', prompt, max_tokens: 12 }).withResponse();
    expect(reply.object).toBe('text_completion');
    expect(reply.choices[0]!.text.length).toBeGreaterThan(0);
    expect(reply.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-alltokens-chosen-model')).toBe('openai/gpt-3.5-turbo-instruct');
    const { requests } = (await (await fetch(`${simulator}/_sim/requests`)).json()) as { requests: Array<{ path: string; body: Record<string, unknown> }> };
    const upstream = requests.filter((request) => request.path === '/v1/completions').at(-1)!;
    expect(upstream.body).toMatchObject({ model: 'gpt-3.5-turbo-instruct', prompt, max_tokens: 12 });

    const stream = await client.completions.create({ model: 'openai/gpt-3.5-turbo-instruct', prompt, max_tokens: 12, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe(reply.choices[0]!.text);
  });

  it('keeps text-completion models off the chat endpoint', async () => {
    await expect(client.chat.completions.create({ model: 'openai/gpt-3.5-turbo-instruct', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('/completions'),
    });
  });

  it('refuses legacy-only features it cannot honour', async () => {
    await expect(client.completions.create({ model: 'openai/gpt-4o-mini', prompt: 'x', suffix: 'y' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('suffix'),
    });
  });
});
