import type { Response } from 'express';
import { SSE_HEADERS } from '../http/sse';
import { replayCached } from './cache-replay';

/** A Response stand-in recording what the replay writes. */
function fakeResponse() {
  const res = {
    statusCode: 0,
    headers: {} as Record<string, string>,
    body: '',
    json: undefined as unknown,
    setHeader(name: string, value: string) {
      res.headers[name] = value;
    },
    writeHead(status: number, headers: Record<string, string>) {
      res.statusCode = status;
      Object.assign(res.headers, headers);
    },
    write(text: string) {
      res.body += text;
    },
    end(text: string) {
      res.body += text;
    },
    status(code: number) {
      res.statusCode = code;
      return { json: (value: unknown) => (res.json = value) };
    },
  };
  return res;
}

describe('replayCached', () => {
  it('replays a cached stream under this request’s id, at zero cost, framed as every stream is', () => {
    const res = fakeResponse();
    const chunks = ['{"id":"gen-old","choices":[{"delta":{"content":"hi"}}]}', '{"id":"gen-old","choices":[],"usage":{"prompt_tokens":3,"cost":0.5}}'];
    replayCached(res as unknown as Response, { chunks }, 'gen-new');
    expect(res.statusCode).toBe(200);
    expect(res.headers).toEqual({ ...SSE_HEADERS, 'x-alltokens-cache': 'hit' });
    expect(res.body).toBe(
      'data: {"id":"gen-new","choices":[{"delta":{"content":"hi"}}]}\n\n' + 'data: {"id":"gen-new","choices":[],"usage":{"prompt_tokens":3,"cost":0}}\n\n' + 'data: [DONE]\n\n',
    );
  });

  it('replays a cached body as JSON, rewritten the same way', () => {
    const res = fakeResponse();
    replayCached(res as unknown as Response, { body: '{"id":"gen-old","usage":{"cost":0.2}}' }, 'gen-new');
    expect(res.statusCode).toBe(200);
    expect(res.headers).toEqual({ 'x-alltokens-cache': 'hit' });
    expect(res.json).toEqual({ id: 'gen-new', usage: { cost: 0 } });
  });
});
