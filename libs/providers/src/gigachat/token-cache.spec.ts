import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchangeToken, TokenCache, TokenExchangeError, type TokenRequest } from './token-cache';

/** A local OAuth endpoint: counts exchanges, answers tokens living `ttlMs`, can be made to fail or wait. */
function oauthServer() {
  const state = { exchanges: 0, ttlMs: 30 * 60_000, status: 200, delayMs: 0, lastHeaders: {} as IncomingHttpHeaders, lastBody: '' };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      state.exchanges += 1;
      state.lastHeaders = req.headers;
      state.lastBody = body;
      const n = state.exchanges;
      setTimeout(() => {
        res.writeHead(state.status, { 'content-type': 'application/json' });
        if (state.status !== 200) return void res.end(JSON.stringify({ code: 6, message: "credentials doesn't match db data" }));
        res.end(JSON.stringify({ access_token: `token-${n}`, expires_at: Date.now() + state.ttlMs }));
      }, state.delayMs);
    });
  });
  return { server, state };
}

describe('GigaChat token cache', () => {
  const { server, state } = oauthServer();
  let request: TokenRequest;
  let clock = 0;
  const now = () => Date.now() + clock;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    request = { authUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/oauth`, authorizationKey: 'a2V5', scope: 'GIGACHAT_API_PERS', timeoutMs: 2000 };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    clock = 0;
    Object.assign(state, { exchanges: 0, ttlMs: 30 * 60_000, status: 200, delayMs: 0 });
  });

  it('asks with Basic auth, a uuid4 RqUID and a form-encoded scope', async () => {
    const token = await exchangeToken(request);
    expect(token.token).toBe('token-1');
    expect(token.expiresAt).toBeGreaterThan(Date.now());
    expect(state.lastHeaders).toMatchObject({ authorization: 'Basic a2V5', 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    expect(state.lastHeaders.rquid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(state.lastBody).toBe('scope=GIGACHAT_API_PERS');
  });

  it('reuses a token until a minute before it expires, then fetches a new one', async () => {
    const cache = new TokenCache(exchangeToken, now);
    expect(await cache.token(request)).toBe('token-1');
    expect(await cache.token(request)).toBe('token-1');
    clock = 28 * 60_000;
    expect(await cache.token(request)).toBe('token-1');
    clock = 29 * 60_000 + 1000;
    expect(await cache.token(request)).toBe('token-2');
    expect(state.exchanges).toBe(2);
  });

  it('refreshes a short-lived token halfway through its life', async () => {
    state.ttlMs = 10_000;
    const cache = new TokenCache(exchangeToken, now);
    await cache.token(request);
    clock = 4000;
    expect(await cache.token(request)).toBe('token-1');
    clock = 6000;
    expect(await cache.token(request)).toBe('token-2');
  });

  it('shares one in-flight exchange between concurrent requests', async () => {
    state.delayMs = 50;
    const cache = new TokenCache(exchangeToken, now);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => cache.token(request)));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(state.exchanges).toBe(1);
  });

  it('keeps keys, scopes and auth URLs apart', async () => {
    const cache = new TokenCache(exchangeToken, now);
    await cache.token(request);
    await cache.token({ ...request, scope: 'GIGACHAT_API_CORP' });
    await cache.token({ ...request, authorizationKey: 'b3RoZXI=' });
    expect(state.exchanges).toBe(3);
  });

  it('reports a refused exchange with the provider message, and tries again next time', async () => {
    state.status = 401;
    const cache = new TokenCache(exchangeToken, now);
    const failures = await Promise.allSettled([cache.token(request), cache.token(request)]);
    expect(failures.map((failure) => failure.status)).toEqual(['rejected', 'rejected']);
    expect((failures[0] as PromiseRejectedResult).reason).toBeInstanceOf(TokenExchangeError);
    expect((failures[0] as PromiseRejectedResult).reason.message).toContain("credentials doesn't match db data");
    expect(state.exchanges).toBe(1);
    state.status = 200;
    expect(await cache.token(request)).toBe('token-2');
  });

  it('forgets its tokens when invalidated', async () => {
    const cache = new TokenCache(exchangeToken, now);
    await cache.token(request);
    cache.invalidate();
    expect(await cache.token(request)).toBe('token-2');
  });
});
