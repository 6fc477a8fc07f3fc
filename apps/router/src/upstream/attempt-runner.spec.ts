import { ApiError, type Attempt } from '@alltokens/contracts';
import { context } from '@alltokens/platform';
import type { Candidate } from '../pipeline/candidate-resolver';
import { candidatesFor, chatRequest, scriptedCatalog, type ProviderSpec } from '../testing/router-doubles';
import { ScriptedUpstream } from '../testing/scripted-upstream';
import { backoffFor, DEFAULT_BACKOFF_MS, MAX_BACKOFF_MS, openUpstream, type UpstreamOperation } from './attempt-runner';

const chat: UpstreamOperation = { name: 'chat', build: ({ adapter, provider, endpoint }) => adapter.buildChatRequest(chatRequest(), { provider, endpoint }, false) };
const providers = (...ids: string[]): ProviderSpec[] => ids.map((id, index) => ({ id, price: index + 1 }));

describe('openUpstream', () => {
  let upstream: ScriptedUpstream;
  let attempts: Attempt[];
  let failures: Array<[string, boolean]>;

  beforeAll(async () => {
    upstream = await ScriptedUpstream.start();
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    upstream.reset();
    attempts = [];
    failures = [];
  });

  const hooks = (deadlineMs = 10_000) => ({ deadlineAt: Date.now() + deadlineMs, traceContext: context.active(), onFailure: (endpointId: string, timeout: boolean) => void failures.push([endpointId, timeout]) });
  const open = (candidates: Candidate[], options: { signal?: AbortSignal; deadlineMs?: number; operation?: UpstreamOperation } = {}) =>
    openUpstream(candidates, options.operation ?? chat, options.signal ?? new AbortController().signal, attempts, hooks(options.deadlineMs));
  const outcomes = () => attempts.map(({ providerId, httpStatus, outcome }) => [providerId, httpStatus, outcome]);

  async function opened(promise: ReturnType<typeof open>): Promise<string> {
    const result = await promise;
    await result.response.body.dump();
    result.span.end();
    return result.candidate.provider.id;
  }

  it('fails over in the planner’s order until a provider answers', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('first', 'second', 'third')));
    upstream.script('first', { status: 503 });
    upstream.script('second', { status: 500 });
    expect(await opened(open(candidates))).toBe('third');
    expect(upstream.calls()).toEqual(['first', 'second', 'third']);
    expect(outcomes()).toEqual([
      ['first', 503, 'error'],
      ['second', 500, 'error'],
      ['third', 200, 'success'],
    ]);
    expect(failures).toEqual([
      ['first:openai/gpt-4o-mini', false],
      ['second:openai/gpt-4o-mini', false],
    ]);
  });

  it('retries the last candidate once, after the default backoff', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('only')));
    upstream.script('only', { status: 502 });
    const started = Date.now();
    expect(await opened(open(candidates))).toBe('only');
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEFAULT_BACKOFF_MS - 5);
    expect(outcomes()).toEqual([
      ['only', 502, 'error'],
      ['only', 200, 'success'],
    ]);
  });

  it('waits as long as the provider’s retry-after says before that retry', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('first', 'limited')));
    upstream.script('first', { status: 401 });
    upstream.script('limited', { status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    expect(await opened(open(candidates))).toBe('limited');
    expect(Date.now() - started).toBeGreaterThanOrEqual(995);
    expect(upstream.calls()).toEqual(['first', 'limited', 'limited']);
  });

  it('reads retry-after in seconds, capped, with a default', () => {
    expect(backoffFor({ headers: { 'retry-after': '1' } })).toBe(1000);
    expect(backoffFor({ headers: { 'retry-after': '0.5' } })).toBe(500);
    expect(backoffFor({ headers: { 'retry-after': '3600' } })).toBe(MAX_BACKOFF_MS);
    expect(backoffFor({ headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } })).toBe(DEFAULT_BACKOFF_MS);
    expect(backoffFor({ headers: {} })).toBe(DEFAULT_BACKOFF_MS);
  });

  it('retries only once, and reports every provider rate limiting as a 429', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('a', 'b')));
    upstream.script('a', { status: 429 });
    upstream.script('b', { status: 429 }, { status: 429 }, { status: 429 });
    await expect(open(candidates)).rejects.toMatchObject({ status: 429, code: 'rate_limited' });
    expect(upstream.calls()).toEqual(['a', 'b', 'b']);
  });

  it('does not retry when the backoff would pass the deadline', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('only')));
    upstream.script('only', { status: 503 });
    await expect(open(candidates, { deadlineMs: DEFAULT_BACKOFF_MS / 2 })).rejects.toMatchObject({ status: 502, code: 'upstream_error' });
    expect(upstream.calls()).toEqual(['only']);
  });

  it('fails over on 401/403/404 without retrying the last candidate', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('a', 'b')));
    upstream.script('a', { status: 404 });
    upstream.script('b', { status: 401, json: { error: { message: 'Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz123456', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const error = await open(candidates).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(upstream.calls()).toEqual(['a', 'b']);
    // The provider's message is kept for the record, never the key it echoed.
    expect(attempts[1]!.error).toContain('invalid_api_key');
    expect(attempts[1]!.error).not.toContain('abcdefghijklmnopqrstuvwxyz');
  });

  it('passes a status that blames the request through at once, with the provider’s words', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('a', 'b')));
    upstream.script('a', { status: 400, json: { error: { message: 'max_tokens is too large', type: 'invalid_request_error', code: 'invalid_value' } } });
    const error = await open(candidates).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_value', message: 'max_tokens is too large', metadata: { provider: 'a' } });
    expect(upstream.calls()).toEqual(['a']);
    expect(failures).toEqual([['a:openai/gpt-4o-mini', false]]);
  });

  it('skips a provider that refuses the request itself, without counting it against its health', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('picky', 'easy')));
    const refusing: UpstreamOperation = {
      name: 'chat',
      build: (candidate) => {
        if (candidate.provider.id === 'picky') throw new ApiError(400, 'unsupported_content', 'picky takes no images', 'messages');
        return chat.build(candidate);
      },
    };
    expect(await opened(open(candidates, { operation: refusing }))).toBe('easy');
    expect(attempts[0]).toMatchObject({ providerId: 'picky', httpStatus: null, outcome: 'error', error: 'unsupported_content: picky takes no images', latencyMs: 0 });
    expect(failures).toEqual([]);
    expect(upstream.calls()).toEqual(['easy']);
  });

  it('answers with the first refusal when every provider refuses (a 400 naming what to change beats a 502)', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('a', 'b')));
    const refusing: UpstreamOperation = {
      name: 'chat',
      build: (candidate) => {
        throw new ApiError(400, 'unsupported_content', `${candidate.provider.id} refuses`);
      },
    };
    await expect(open(candidates, { operation: refusing })).rejects.toMatchObject({ status: 400, message: 'a refuses' });
    expect(upstream.calls()).toEqual([]);
  });

  it('fails over when a provider sends no headers before its first-byte timeout', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, [{ id: 'slow', price: 1, firstByteTimeoutMs: 100 }, { id: 'quick', price: 2 }]));
    upstream.script('slow', { stall: true });
    expect(await opened(open(candidates))).toBe('quick');
    expect(outcomes()).toEqual([
      ['slow', null, 'timeout'],
      ['quick', 200, 'success'],
    ]);
    expect(failures).toEqual([['slow:openai/gpt-4o-mini', true]]);
  });

  it('fails over when the connection is refused, and retries a last candidate that cannot be reached', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('up', 'down')));
    const unreachable = candidates.map((candidate) => (candidate.provider.id === 'down' ? { ...candidate, provider: { ...candidate.provider, baseUrl: 'http://127.0.0.1:9/v1' } } : candidate));
    upstream.script('up', { status: 503 });
    await expect(open(unreachable)).rejects.toMatchObject({ status: 502 });
    expect(outcomes()).toEqual([
      ['up', 503, 'error'],
      ['down', null, 'connect_error'],
      ['down', null, 'connect_error'],
    ]);
  });

  it('stops at once when the request is cancelled: a 499, no failover, nothing held against the provider', async () => {
    const candidates = candidatesFor(scriptedCatalog(upstream, providers('stuck', 'spare')));
    upstream.script('stuck', { stall: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(open(candidates, { signal: controller.signal })).rejects.toMatchObject({ status: 499, code: 'client_closed_request' });
    expect(outcomes()).toEqual([['stuck', null, 'cancelled']]);
    expect(failures).toEqual([]);
    expect(upstream.calls()).toEqual(['stuck']);
  });
});
