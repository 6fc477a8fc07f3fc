import { Inject, Injectable } from '@nestjs/common';
import {
  ApiError,
  budgetKey,
  budgetPeriodStart,
  RELEASE_RESERVATION_LUA,
  fromNanoUsd,
  reservationExpiryKey,
  reservationKey,
  toNanoUsd,
} from '@alltokens/contracts';
import { luaScript, type Redis } from '@alltokens/platform';
import type { RouteQuote } from '@alltokens/routing';
import type { StoredKey } from '../auth/api-key.repository';
import type { Attribution } from '../attribution/tags';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { LastGoodCache } from '../infra/last-good-cache';
import { REDIS } from '../infra/tokens';
import { secondsLeft } from './budget-period';
import { SpendRulesRepository, type BudgetRule } from './spend-rules.repository';

/** Checks every limit and holds `amount` against each, atomically; -i asks for limit i to be loaded first. */
const RESERVE_LUA = `
local n = tonumber(ARGV[1])
local amount = tonumber(ARGV[2])
for i = 1, n do
  local spent = redis.call('HGET', KEYS[i], 'spent')
  if not spent then return -i end
  local reserved = tonumber(redis.call('HGET', KEYS[i], 'reserved') or '0')
  if tonumber(spent) + reserved + amount > tonumber(ARGV[2 + i]) then return i end
end
for i = 1, n do redis.call('HINCRBY', KEYS[i], 'reserved', amount) end
redis.call('SET', KEYS[n + 1], ARGV[n + 3], 'EX', ARGV[n + 4])
redis.call('ZADD', KEYS[n + 2], ARGV[n + 5], ARGV[n + 6])
return 0`;

const RULES_TTL_MS = 5_000;

export interface Reservation {
  requestId: string;
  amountUsd: number;
}

/**
 * Budgets without overshoot: before dispatch the request's maximum cost is reserved against every
 * limit that applies (key, team, organisation, prepaid credits) in one Lua call; analytics settles
 * it to the actual cost after the ledger commit; failure paths release it.
 */
@Injectable()
export class SpendLimiter {
  /** Per key: its rules (a burst after expiry asks the database once; the last ones while it is down). */
  private readonly rules = new LastGoodCache<BudgetRule[]>(RULES_TTL_MS);
  private readonly reserveScript: ReturnType<typeof luaScript>;
  private readonly releaseScript: ReturnType<typeof luaScript>;

  constructor(
    private readonly repository: SpendRulesRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.reserveScript = luaScript(redis, 'budgetReserve', RESERVE_LUA);
    this.releaseScript = luaScript(redis, 'budgetRelease', RELEASE_RESERVATION_LUA);
  }

  /** Whether any budget or credit rule covers this request (rules are cached for a few seconds). */
  async applies(key: StoredKey, attribution?: Attribution): Promise<boolean> {
    return (await this.rulesFor(key)).length > 0 || (await this.repository.attributionRules(key.orgId, attribution)).length > 0;
  }

  /** Holds the request's maximum cost (priced only when some rule applies) against every limit, or refuses with 402. */
  async reserve(requestId: string, key: StoredKey, quote: Pick<RouteQuote, 'maxCostUsd'>, attribution?: Attribution): Promise<Reservation | null> {
    const rules = [...(await this.rulesFor(key)), ...(await this.repository.attributionRules(key.orgId, attribution))];
    if (!rules.length) return null;
    const amount = toNanoUsd(quote.maxCostUsd());
    const now = new Date();
    const keys = rules.map((rule) => this.budgetKey(rule, now));
    const record = JSON.stringify({ keys, amount });
    const ttl = Math.ceil(this.env.GATEWAY_REQUEST_TIMEOUT_MS / 1000) + 86_400;
    const expireAt = Date.now() + this.env.GATEWAY_REQUEST_TIMEOUT_MS + 60_000;
    for (let tries = 0; tries <= rules.length; tries += 1) {
      const result = Number(
        await this.reserveScript.run(
          [...keys, reservationKey(this.env.ALLTOKENS_PREFIX, requestId), reservationExpiryKey(this.env.ALLTOKENS_PREFIX)],
          [rules.length, amount, ...rules.map((rule) => toNanoUsd(rule.amountUsd)), record, ttl, expireAt, requestId],
        ),
      );
      if (result === 0) return { requestId, amountUsd: fromNanoUsd(amount) };
      if (result > 0) throw overBudget(rules[result - 1]!, fromNanoUsd(amount), await this.heldOn(keys[result - 1]!));
      await this.loadSpent(rules[-result - 1]!, keys[-result - 1]!, now);
    }
    throw new ApiError(503, 'budget_unavailable', 'Budget state could not be loaded; try again');
  }

  /** Gives a reservation back (error, timeout, disconnect); safe to call after settlement. */
  async release(requestId: string): Promise<void> {
    const prefix = this.env.ALLTOKENS_PREFIX;
    await this.releaseScript.run([reservationKey(prefix, requestId), reservationExpiryKey(prefix)], [requestId]);
  }

  /** Releases reservations whose request should long be over (a gateway died holding them). */
  async releaseExpired(now = Date.now()): Promise<number> {
    const expired = await this.redis.zrangebyscore(reservationExpiryKey(this.env.ALLTOKENS_PREFIX), 0, now, 'LIMIT', 0, 500);
    await Promise.all(expired.map((id) => this.release(id)));
    return expired.length;
  }

  /** What a limit's counter holds (spent plus reserved), for the refusal's message only. */
  private async heldOn(budgetKey: string): Promise<number> {
    const [spent, reserved] = await this.redis.hmget(budgetKey, 'spent', 'reserved');
    return fromNanoUsd(Number(spent ?? 0) + Number(reserved ?? 0));
  }

  private budgetKey(rule: BudgetRule, now: Date): string {
    return budgetKey(this.env.ALLTOKENS_PREFIX, rule.id, budgetPeriodStart(rule.period, now).getTime());
  }

  /** Starts a period's counter from the ledger (the truth); HSETNX so concurrent loaders agree. */
  private async loadSpent(rule: BudgetRule, budgetKey: string, now: Date): Promise<void> {
    const spent = await this.repository.spentSince(rule, budgetPeriodStart(rule.period, now));
    await this.redis.hsetnx(budgetKey, 'spent', toNanoUsd(spent));
    await this.redis.expire(budgetKey, secondsLeft(rule.period, now));
  }

  private rulesFor(key: StoredKey): Promise<BudgetRule[]> {
    return this.rules.get(key.id, () => this.repository.rulesFor(key));
  }
}

const usd = (amount: number) => `$${Number(amount.toPrecision(4))}`;

/**
 * The refusal says what was reserved: a request holds its maximum cost (prompt plus max_tokens, or the
 * model's output cap, at the most expensive candidate's price), so a limit smaller than that refuses it
 * however little has been spent.
 */
function overBudget(rule: BudgetRule, maxCostUsd: number, heldUsd: number): ApiError {
  const what =
    rule.code === 'insufficient_credits' ? `prepaid credits of ${usd(rule.amountUsd)}`
    : rule.code === 'key_limit_exceeded' ? `key's ${rule.period === 'total' ? '' : `${rule.period} `}limit of ${usd(rule.amountUsd)}`
    : rule.scope === 'tag' || rule.scope === 'end_user' ? `${rule.period} budget of ${usd(rule.amountUsd)} for ${rule.scope === 'tag' ? 'tag' : 'end user'} '${rule.scopeId}'`
    : `${rule.period} ${rule.scope} budget of ${usd(rule.amountUsd)}`;
  const message =
    maxCostUsd > rule.amountUsd
      ? `This request may cost up to ${usd(maxCostUsd)} (its prompt and max_tokens at the model's price, reserved before it is sent), more than the whole ${what}: lower max_tokens or raise the limit; no request was sent`
      : `This request could exceed the ${what}: it may cost up to ${usd(maxCostUsd)} (reserved before it is sent) and ${usd(heldUsd)} is already spent or held by requests in flight; no request was sent`;
  return new ApiError(402, rule.code, message, null, { budget_id: rule.id, scope: rule.scope, max_cost_usd: maxCostUsd, limit_usd: rule.amountUsd });
}
