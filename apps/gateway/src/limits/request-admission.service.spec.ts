import type { Response } from 'express';
import { ApiError } from '@alltokens/contracts';
import type { RouteQuote } from '@alltokens/routing';
import type { StoredKey } from '../auth/api-key.repository';
import type { RateAdmission, RateLimiter } from './rate-limiter.service';
import { RequestAdmission } from './request-admission.service';
import type { Reservation, SpendLimiter } from './spend-limiter.service';

/** Records what admission asks of the limiters; each behaves as configured. */
class Limiters {
  readonly calls: string[] = [];
  budget = false;
  rateLimited = true;
  overBudget = false;

  readonly rates = {
    admit: async (_key: StoredKey, tokens: number): Promise<RateAdmission | null> => {
      this.calls.push(`rate ${tokens}`);
      return this.rateLimited ? { headers: { 'x-ratelimit-limit-requests': '5' }, finish: () => this.calls.push('rate finish') } : null;
    },
  } as unknown as RateLimiter;

  readonly spend = {
    applies: async () => this.budget,
    reserve: async (requestId: string, _key: StoredKey, quote: Pick<RouteQuote, 'maxCostUsd'>): Promise<Reservation | null> => {
      if (!this.budget) return null;
      if (this.overBudget) throw new ApiError(402, 'key_limit_exceeded', 'over');
      this.calls.push(`reserve ${quote.maxCostUsd()}`);
      return { requestId, amountUsd: quote.maxCostUsd() };
    },
    release: async (requestId: string) => void this.calls.push(`release ${requestId}`),
  } as unknown as SpendLimiter;
}

const quote = (promptTokens = 120, outputTokens = 30) => {
  const counted = { count: 0 };
  const value: RouteQuote = { promptTokens: () => ((counted.count += 1), promptTokens), outputTokens, maxCostUsd: () => 0.25 };
  return { value, counted };
};
const response = () => {
  const headers: Record<string, string> = {};
  return { headers, res: { set: (h: Record<string, string>) => Object.assign(headers, h) } as unknown as Response };
};
const key = (fields: Partial<StoredKey> = {}) => ({ rateLimitTpm: null, team: null, ...fields }) as StoredKey;

describe('RequestAdmission', () => {
  it('counts no tokens when no token limit or budget needs them', async () => {
    const limiters = new Limiters();
    const { value, counted } = quote();
    const { res, headers } = response();
    await new RequestAdmission(limiters.rates, limiters.spend).admit('r1', key(), value, res);
    expect(counted.count).toBe(0);
    expect(limiters.calls).toEqual(['rate 30']);
    expect(headers).toEqual({ 'x-ratelimit-limit-requests': '5' });
  });

  it('counts the prompt once for a tokens-per-minute limit (the key’s or its team’s) and adds the output cap', async () => {
    for (const limited of [key({ rateLimitTpm: 1000 }), key({ team: { rateLimitTpm: 1000, rateLimitRpm: null, maxConcurrency: null } })]) {
      const limiters = new Limiters();
      const { value, counted } = quote(120, 30);
      await new RequestAdmission(limiters.rates, limiters.spend).admit('r', limited, value, response().res);
      expect(counted.count).toBe(1);
      expect(limiters.calls).toEqual(['rate 150']);
    }
  });

  it('reserves the quoted worst case when a budget applies, and gives it back only if the request failed', async () => {
    const limiters = new Limiters();
    limiters.budget = true;
    const admission = new RequestAdmission(limiters.rates, limiters.spend);
    const failed = await admission.admit('r-fail', key(), quote().value, response().res);
    expect(limiters.calls).toEqual(['rate 150', 'reserve 0.25']);
    await failed.finish(false);
    expect(limiters.calls.slice(2)).toEqual(['rate finish', 'release r-fail']);
    limiters.calls.length = 0;
    const served = await admission.admit('r-ok', key(), quote().value, response().res);
    await served.finish(true);
    expect(limiters.calls).toEqual(['rate 150', 'reserve 0.25', 'rate finish']);
  });

  it('frees the rate slot when the budget refuses, and passes the refusal on', async () => {
    const limiters = new Limiters();
    limiters.budget = true;
    limiters.overBudget = true;
    const refusal = await new RequestAdmission(limiters.rates, limiters.spend).admit('r', key(), quote().value, response().res).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 402, code: 'key_limit_exceeded' });
    expect(limiters.calls).toEqual(['rate 150', 'rate finish']);
  });

  it('has nothing to undo for a key without limits', async () => {
    const limiters = new Limiters();
    limiters.rateLimited = false;
    const admitted = await new RequestAdmission(limiters.rates, limiters.spend).admit('r', key(), quote().value, response().res);
    await admitted.finish(false);
    expect(limiters.calls).toEqual(['rate 30']);
  });
});
