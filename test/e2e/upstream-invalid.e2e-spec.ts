import { createServer, type Server } from 'node:http';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

const sse = (events: Array<[string, unknown]>) => events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');

/**
 * An upstream that answers 200 with bodies of the wrong shape: an Anthropic message whose content
 * is not a list, a stream whose delta has a number for text, and an OpenAI completion without choices.
 */
function brokenUpstream(): Server {
  return createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text) as { stream?: boolean };
      if (req.url === '/v1/messages' && body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(
          sse([
            ['message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [], usage: { input_tokens: 3, output_tokens: 1 } } }],
            ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
            ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } }],
            ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 42 } }],
          ]),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/v1/messages') res.end(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', content: 'not a list', stop_reason: 'end_turn' }));
      else res.end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
    });
  });
}

describe('a provider body of the wrong shape', () => {
  let e2e: E2eStack;
  let key: string;
  const upstream = brokenUpstream();

  const chat = (model: string, extra: Record<string, unknown> = {}) =>
    fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra }),
    });

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    const catalog = () => `providers:
  - id: broken-anthropic
    format: anthropic
    base_url: ${origin}
    api_key: k
    models:
      - model: broken/claude
        pricing: { prompt: 1, completion: 2 }
  - id: broken-openai
    base_url: ${origin}/v1
    api_key: k
    models:
      - model: broken/gpt
        pricing: { prompt: 1, completion: 2 }
`;
    e2e = await startE2eStack('upstream-invalid', { catalog });
    key = (await e2e.createKey({ name: 'invalid' })).key;
  });
  afterAll(async () => {
    await e2e?.stop();
    upstream.close();
  });

  it.each([
    ['broken/claude', "Anthropic message: content: expected array, received string"],
    ['broken/gpt', 'OpenAI chat completion: choices: expected array, received undefined'],
  ])('%s: a whole reply is a 502 upstream_invalid_response naming the field', async (model, detail) => {
    const res = await chat(model);
    expect(res.status).toBe(502);
    const { error } = (await res.json()) as { error: { code: string; message: string; type: string } };
    expect(error).toMatchObject({ code: 'upstream_invalid_response', type: 'upstream_error' });
    expect(error.message).toBe(`The provider's response could not be read: ${detail}`);
  });

  it('a stream ends with an SSE error event upstream_invalid_response after the good chunks', async () => {
    const res = await chat('broken/claude', { stream: true });
    expect(res.status).toBe(200);
    const events = (await res.text()).split('\n\n').filter((frame) => frame.startsWith('data: ')).map((frame) => frame.slice('data: '.length));
    const chunks = events.filter((data) => data !== '[DONE]').map((data) => JSON.parse(data) as { choices?: Array<{ delta: { content?: string } }>; error?: { code: string; message: string } });
    expect(chunks.flatMap((chunk) => chunk.choices?.map((choice) => choice.delta.content ?? '') ?? []).join('')).toBe('Hel');
    expect(chunks.at(-1)!.error).toEqual(
      expect.objectContaining({ code: 'upstream_invalid_response', message: expect.stringContaining('Anthropic stream event content_block_delta: delta.text: expected string, received number') }),
    );
  });
});
