import { RedisKeys, ApiError, reservationKey, toNanoUsd } from '@alltokens/contracts';
import { scanKeys } from '@alltokens/platform';
import { openRedisTarget, REDIS_TARGETS } from '@alltokens/stack';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { GatewayFixture, type KeyStack } from '../testing/gateway-fixture';
import { SpendLimiter } from './spend-limiter.service';
import { SpendRulesRepository } from './spend-rules.repository';

jest.setTimeout(60_000);

/** A quote whose price is known, counting how often it is asked. */
const quote = (usd: number) => {
  const asked = { count: 0 };
  return { asked, maxCostUsd: () => ((asked.count += 1), usd) };
};

describe.each(REDIS_TARGETS)('SpendLimiter: reservations against every limit (real Postgres, %s)', (target) => {
  let redis: Awaited<ReturnType<typeof openRedisTarget>>;
  let fixture: GatewayFixture;
  let gateway: KeyStack;
  let spend: SpendLimiter;
  let sequence = 0;
  const id = () => `req-${++sequence}`;

  beforeAll(async () => {
    redis = await openRedisTarget(target);
    fixture = await GatewayFixture.start('spend', { GATEWAY_REQUEST_TIMEOUT_MS: '1000', REDIS_URL: redis.url });
    gateway = await fixture.keyStack();
    spend = new SpendLimiter(new SpendRulesRepository(fixture.prisma), fixture.redis, fixture.env);
  });
  afterAll(async () => {
    await fixture?.stop();
    await redis?.stop();
  });

  const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApiError);
  const reservedOn = async (ruleId: string) => {
    const keys = await scanKeys(fixture.redis, new RedisKeys(fixture.env.ALLTOKENS_PREFIX).inSlot('budget', ruleId, '*'));
    return Number(await fixture.redis.hget(keys[0]!, 'reserved'));
  };

  it('holds nothing, and prices nothing, for a key no limit covers', async () => {
    const { key } = await fixture.createKey(gateway, { org_id: 'org-free' });
    const price = quote(1);
    expect(await spend.applies(key)).toBe(false);
    expect(await spend.reserve(id(), key, price)).toBeNull();
    expect(price.asked.count).toBe(0);
  });

  it('reserves against the key limit until it is full, and a release makes room again', async () => {
    const { key } = await fixture.createKey(gateway, { org_id: 'org-k', limit: 1 });
    expect(await spend.applies(key)).toBe(true);
    const first = await spend.reserve('k-1', key, quote(0.4));
    expect(first).toEqual({ requestId: 'k-1', amountUsd: 0.4 });
    await spend.reserve('k-2', key, quote(0.4));
    const refused = await rejection(spend.reserve('k-3', key, quote(0.4)));
    expect(refused).toMatchObject({ status: 402, code: 'key_limit_exceeded', metadata: { budget_id: `key-limit:${key.id}`, scope: 'key' } });
    expect(refused!.message).toBe("This request could exceed the key's limit of $1: it may cost up to $0.4 (reserved before it is sent) and $0.8 is already spent or held by requests in flight; no request was sent");
    const tooBig = await rejection(spend.reserve('k-big', key, quote(2)));
    expect(tooBig).toMatchObject({ status: 402, metadata: { max_cost_usd: 2, limit_usd: 1 } });
    expect(tooBig!.message).toMatch(/may cost up to \$2 .*more than the whole key's limit of \$1: lower max_tokens or raise the limit/);
    await spend.release('k-1');
    await spend.release('k-1');
    expect(await reservedOn(`key-limit:${key.id}`)).toBe(toNanoUsd(0.4));
    expect(await spend.reserve('k-4', key, quote(0.4))).not.toBeNull();
  });

  it('never overshoots under concurrency: of ten requests that each may cost $0.3, a $1 limit admits three', async () => {
    const { key } = await fixture.createKey(gateway, { org_id: 'org-race', limit: 1 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => spend.reserve(`race-${i}`, key, quote(0.3))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').every((r) => ((r as PromiseRejectedResult).reason as ApiError).status === 402)).toBe(true);
  });

  it('starts a period from what the ledger says the scope has spent, and checks every limit that applies', async () => {
    await new OrganizationsRepository(fixture.prisma).ensure('org-b');
    const { key } = await fixture.createKey(gateway, { org_id: 'org-b' });
    const monthly = await fixture.prisma.budget.create({ data: { orgId: 'org-b', scope: 'organization', scopeId: 'org-b', amountUsd: 1, period: 'monthly' } });
    await fixture.prisma.ledgerEntry.create({ data: { generationId: 'spent-earlier', orgId: 'org-b', keyId: key.id, amountUsd: 0.9 } });
    const refused = await rejection(spend.reserve(id(), key, quote(0.2)));
    expect(refused).toMatchObject({ status: 402, code: 'org_budget_exceeded', metadata: { budget_id: monthly.id, scope: 'organization' } });
    expect(await spend.reserve(id(), key, quote(0.05))).not.toBeNull();
  });

  it('refuses a request prepaid credits cannot cover', async () => {
    await new OrganizationsRepository(fixture.prisma).ensure('org-pre');
    await fixture.prisma.creditTransaction.create({ data: { orgId: 'org-pre', amountUsd: 0.5 } });
    const { key } = await fixture.createKey(gateway, { org_id: 'org-pre' });
    expect(await rejection(spend.reserve(id(), key, quote(0.6)))).toMatchObject({ status: 402, code: 'insufficient_credits' });
    expect(await spend.reserve(id(), key, quote(0.5))).toEqual(expect.objectContaining({ amountUsd: 0.5 }));
  });

  it('gives back reservations whose request should long be over (a gateway died holding them)', async () => {
    const { key } = await fixture.createKey(gateway, { org_id: 'org-dead', limit: 1 });
    await spend.reserve('orphan', key, quote(0.7));
    expect(await fixture.redis.exists(reservationKey(fixture.env.ALLTOKENS_PREFIX, 'orphan'))).toBe(1);
    expect(await spend.releaseExpired(Date.now())).toBe(0);
    expect(await spend.releaseExpired(Date.now() + 61_000 + 1000)).toBeGreaterThanOrEqual(1);
    expect(await reservedOn(`key-limit:${key.id}`)).toBe(0);
  });
});
