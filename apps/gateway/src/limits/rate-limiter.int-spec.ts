import { ApiError } from '@alltokens/contracts';
import { openRedisTarget, REDIS_TARGETS } from '@alltokens/stack';
import type { StoredKey } from '../auth/api-key.repository';
import { GatewayFixture } from '../testing/gateway-fixture';
import { RateLimiter } from './rate-limiter.service';

jest.setTimeout(60_000);

const key = (id: string, limits: Partial<Pick<StoredKey, 'rateLimitRpm' | 'rateLimitTpm' | 'maxConcurrency' | 'teamId' | 'team'>>): StoredKey =>
  ({ id, orgId: 'org-rl', rateLimitRpm: null, rateLimitTpm: null, maxConcurrency: null, teamId: null, team: null, ...limits }) as StoredKey;

describe.each(REDIS_TARGETS)('RateLimiter: per-minute and concurrency limits across replicas (%s)', (target) => {
  let redis: Awaited<ReturnType<typeof openRedisTarget>>;
  let fixture: GatewayFixture;
  let limiter: RateLimiter;
  /** Another gateway replica: it shares the counters through Redis. */
  let replica: RateLimiter;

  beforeAll(async () => {
    redis = await openRedisTarget(target);
    fixture = await GatewayFixture.start('rate', { REDIS_URL: redis.url });
    limiter = new RateLimiter(fixture.redis, fixture.env);
    replica = new RateLimiter(fixture.redis, fixture.env);
  });
  afterAll(async () => {
    await fixture?.stop();
    await redis?.stop();
  });

  const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);

  it('does nothing for a key without limits', async () => {
    expect(await limiter.admit(key('none', {}), 1000)).toBeNull();
  });

  it('counts requests per minute across replicas and refuses the one past the limit, counting nothing for it', async () => {
    const limited = key('rpm', { rateLimitRpm: 2 });
    const first = await limiter.admit(limited, 0);
    expect(first!.headers).toMatchObject({ 'x-ratelimit-limit-requests': '2', 'x-ratelimit-remaining-requests': '1' });
    expect((await replica.admit(limited, 0))!.headers['x-ratelimit-remaining-requests']).toBe('0');
    const refused = await rejection(limiter.admit(limited, 0));
    expect(refused).toMatchObject({ status: 429, code: 'rate_limit_exceeded', message: 'Rate limit reached: 2 requests per minute for this key' });
    expect(Number(refused!.headers!['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused!.headers!['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused!.headers!['x-ratelimit-remaining-requests']).toBe('0');
  });

  it('counts tokens per minute and refuses a request that would pass the limit', async () => {
    const limited = key('tpm', { rateLimitTpm: 1000 });
    expect((await limiter.admit(limited, 600))!.headers).toMatchObject({ 'x-ratelimit-limit-tokens': '1000', 'x-ratelimit-remaining-tokens': '400' });
    expect(await rejection(limiter.admit(limited, 500))).toMatchObject({ status: 429, message: 'Rate limit reached: 1000 tokens per minute for this key' });
    expect((await limiter.admit(limited, 400))!.headers['x-ratelimit-remaining-tokens']).toBe('0');
  });

  it('holds a concurrency slot until the request finishes (once, however often finish is called)', async () => {
    const limited = key('conc', { maxConcurrency: 1 });
    const running = await limiter.admit(limited, 0);
    const refused = await rejection(replica.admit(limited, 0));
    expect(refused).toMatchObject({ status: 429, message: 'Rate limit reached: 1 concurrent requests for this key' });
    expect(refused!.headers!['retry-after']).toBe('1');
    running!.finish();
    running!.finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await replica.admit(limited, 0);
    expect(next).not.toBeNull();
    expect(await rejection(limiter.admit(limited, 0))).toMatchObject({ status: 429 });
    next!.finish();
  });

  it('applies a team’s limits to all its keys, naming the team when it is the one reached', async () => {
    const team = { rateLimitRpm: 1, rateLimitTpm: null, maxConcurrency: null };
    await limiter.admit(key('member-1', { teamId: 'team-1', team }), 0);
    const refused = await rejection(limiter.admit(key('member-2', { teamId: 'team-1', team }), 0));
    expect(refused).toMatchObject({ status: 429, message: 'Rate limit reached: 1 requests per minute for this team' });
  });
});
