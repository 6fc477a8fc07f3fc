import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { REDIS } from '../infra/tokens';

/**
 * Requests and tokens per minute and concurrent requests, per key, atomic across gateway replicas.
 * Returns 1 = requests, 2 = tokens, 3 = concurrency when a limit is hit (nothing is counted then).
 */
const RATE_LUA = `
local rpm, tpm, conc, tokens = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local r = tonumber(redis.call('GET', KEYS[1]) or '0')
local t = tonumber(redis.call('GET', KEYS[2]) or '0')
local c = tonumber(redis.call('GET', KEYS[3]) or '0')
if rpm > 0 and r + 1 > rpm then return {1, r, t, c} end
if tpm > 0 and t + tokens > tpm then return {2, r, t, c} end
if conc > 0 and c + 1 > conc then return {3, r, t, c} end
r = redis.call('INCR', KEYS[1]); redis.call('EXPIRE', KEYS[1], 120)
t = redis.call('INCRBY', KEYS[2], tokens); redis.call('EXPIRE', KEYS[2], 120)
if conc > 0 then c = redis.call('INCR', KEYS[3]); redis.call('EXPIRE', KEYS[3], 900) end
return {0, r, t, c}`;

export interface RateAdmission {
  headers: Record<string, string>;
  /** Frees the concurrency slot; call once when the request ends. */
  finish(): void;
}

@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async admit(key: StoredKey, tokens: number): Promise<RateAdmission | null> {
    const rpm = key.rateLimitRpm ?? 0;
    const tpm = key.rateLimitTpm ?? 0;
    const conc = key.maxConcurrency ?? 0;
    if (!rpm && !tpm && !conc) return null;
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    const base = `${this.env.ALLTOKENS_PREFIX}:rl:${key.id}`;
    const keys = [`${base}:r:${minute}`, `${base}:t:${minute}`, `${base}:c`];
    const [code, r, t] = (await this.redis.eval(RATE_LUA, 3, ...keys, rpm, tpm, conc, tokens)) as number[];
    const reset = `${Math.ceil(((minute + 1) * 60_000 - now) / 1000)}s`;
    const headers: Record<string, string> = {};
    if (rpm) Object.assign(headers, { 'x-ratelimit-limit-requests': String(rpm), 'x-ratelimit-remaining-requests': String(Math.max(0, rpm - r!)), 'x-ratelimit-reset-requests': reset });
    if (tpm) Object.assign(headers, { 'x-ratelimit-limit-tokens': String(tpm), 'x-ratelimit-remaining-tokens': String(Math.max(0, tpm - t!)), 'x-ratelimit-reset-tokens': reset });
    if (code) {
      const what = code === 1 ? `${rpm} requests per minute` : code === 2 ? `${tpm} tokens per minute` : `${conc} concurrent requests`;
      const retryAfter = code === 3 ? '1' : reset.slice(0, -1);
      throw new ApiError(429, 'rate_limit_exceeded', `Rate limit reached: ${what} for this key`).withHeaders({ ...headers, 'retry-after': retryAfter });
    }
    let finished = !conc;
    return {
      headers,
      finish: () => {
        if (finished) return;
        finished = true;
        this.redis.decr(keys[2]!).catch(() => undefined);
      },
    };
  }
}
