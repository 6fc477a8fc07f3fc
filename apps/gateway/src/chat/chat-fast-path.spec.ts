import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiError } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
import { AuthService, type Principal } from '../auth/auth.service';
import { jsonBody } from '../http/json-body';
import { LOGGER } from '../infra/tokens';
import { chatFastPath } from './chat-fast-path';
import { ChatService } from './chat.service';

const principals: Record<string, Principal> = {
  'sk-inference': { kind: 'inference', key: { id: 'key-1' } as StoredKey },
  'sk-management': { kind: 'management', key: { id: 'key-2' } as StoredKey },
};
const completed: Array<{ keyId: string; model: string }> = [];
const auth = {
  authenticate: async (raw: string | undefined) => {
    const principal = raw ? principals[raw] : undefined;
    if (!principal) throw new ApiError(401, 'invalid_api_key', 'Invalid API key');
    return principal;
  },
};
const chat = {
  complete: async (_req: Request, res: Response, key: StoredKey, request: { model: string }) => {
    completed.push({ keyId: key.id, model: request.model });
    if (request.model === 'fails/after-headers') {
      res.write('data: {}\n\n');
      throw new Error('upstream went away');
    }
    res.json({ object: 'chat.completion', model: request.model });
  },
};
const logged: unknown[] = [];
const providers = new Map<unknown, unknown>([
  [AuthService, auth],
  [ChatService, chat],
  [LOGGER, { error: (entry: unknown) => logged.push(entry) }],
]);
const nestApp = { get: (token: unknown) => providers.get(token) } as unknown as NestExpressApplication;

describe('chatFastPath', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(jsonBody('1mb'));
    app.use(chatFastPath(nestApp));
    // What Nest's router would answer: the requests the fast path leaves to the controller end here.
    app.use((req, res) => void res.status(299).json({ reachedNest: `${req.method} ${req.path}` }));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));

  const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: 'Bearer sk-inference' }) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const chatBody = (model = 'openai/gpt-4o-mini') => ({ model, messages: [{ role: 'user', content: 'hi' }] });

  it('answers a keyed chat completion on both paths, the key given as a bearer token or as X-API-Key', async () => {
    completed.length = 0;
    for (const [path, headers] of [
      ['/v1/chat/completions', { authorization: 'Bearer sk-inference' }],
      ['/api/v1/chat/completions', { 'x-api-key': 'sk-inference' }],
    ] as const) {
      const res = await post(path, chatBody(), headers);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ object: 'chat.completion', model: 'openai/gpt-4o-mini' });
    }
    expect(completed).toEqual([
      { keyId: 'key-1', model: 'openai/gpt-4o-mini' },
      { keyId: 'key-1', model: 'openai/gpt-4o-mini' },
    ]);
  });

  it('leaves requests without a key, other methods and other paths to Nest', async () => {
    expect(await (await post('/v1/chat/completions', chatBody(), {})).json()).toEqual({ reachedNest: 'POST /v1/chat/completions' });
    expect(await (await post('/v1/embeddings', { model: 'x', input: 'y' })).json()).toEqual({ reachedNest: 'POST /v1/embeddings' });
    expect((await fetch(`${base}/v1/chat/completions`, { headers: { authorization: 'Bearer sk-inference' } })).status).toBe(299);
  });

  it('refuses as the guard and the controller do, in the OpenAI error shape', async () => {
    const management = await post('/v1/chat/completions', chatBody(), { authorization: 'Bearer sk-management' });
    expect(management.status).toBe(403);
    expect(management.headers.get('x-should-retry')).toBe('false');
    expect(((await management.json()) as { error: { code: string } }).error.code).toBe('management_key_not_allowed');

    const unknown = await post('/v1/chat/completions', chatBody(), { authorization: 'Bearer sk-nope' });
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');

    const invalid = await post('/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [{ role: 'robot', content: 'x' }] });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string; param: string } }).error).toMatchObject({ code: 'invalid_request', param: 'messages[0].role' });

    const array = await post('/v1/chat/completions', []);
    expect(array.status).toBe(400);
  });

  it('ends a response whose headers were sent when the request fails later, and logs the unknown error', async () => {
    logged.length = 0;
    const res = await post('/v1/chat/completions', chatBody('fails/after-headers'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('data: {}\n\n');
    expect(logged).toHaveLength(1);
  });
});
