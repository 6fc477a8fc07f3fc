import { Inject, Injectable } from '@nestjs/common';
import { ApiError, RedisKeys } from '@alltokens/contracts';
import { luaScript, type Redis } from '@alltokens/platform';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { REDIS } from '../infra/tokens';

/**
 * Requests and tokens per minute and concurrent requests, for the key and for its team, checked and
 * counted in one atomic call across gateway replicas. KEYS: per scope (requests, tokens, concurrency);
 * ARGV: per scope (rpm, tpm, concurrency), then tokens. Returns {scope index, limit kind} when a
 * limit is hit (nothing counted), else {0, 0} followed by each scope's new counts.
 */
const RATE_LUA = `
local scopes = #KEYS / 3
local tokens = tonumber(ARGV[#ARGV])
local counts = {}
for s = 0, scopes - 1 do
  local rpm, tpm, conc = tonumber(ARGV[s * 3 + 1]), tonumber(ARGV[s * 3 + 2]), tonumber(ARGV[s * 3 + 3])
  local r = tonumber(redis.call('GET', KEYS[s * 3 + 1]) or '0')
  local t = tonumber(redis.call('GET', KEYS[s * 3 + 2]) or '0')
  local c = tonumber(redis.call('GET', KEYS[s * 3 + 3]) or '0')
  if rpm > 0 and r + 1 > rpm then return {s + 1, 1, r, t} end
  if tpm > 0 and t + tokens > tpm then return {s + 1, 2, r, t} end
  if conc > 0 and c + 1 > conc then return {s + 1, 3, r, t} end
end
local out = {0, 0}
for s = 0, scopes - 1 do
  local r = redis.call('INCR', KEYS[s * 3 + 1]); redis.call('EXPIRE', KEYS[s * 3 + 1], 120)
  local t = redis.call('INCRBY', KEYS[s * 3 + 2], tokens); redis.call('EXPIRE', KEYS[s * 3 + 2], 120)
  if tonumber(ARGV[s * 3 + 3]) > 0 then redis.call('INCR', KEYS[s * 3 + 3]); redis.call('EXPIRE', KEYS[s * 3 + 3], 900) end
  table.insert(out, r); table.insert(out, t)
end
return out`;

interface Scope {
  name: 'key' | 'team';
  id: string;
  rpm: number;
  tpm: number;
  conc: number;
}

export interface RateAdmission {
  headers: Record<string, string>;
  /** Frees the concurrency slots; call once when the request ends. */
  finish(): void;
}

function scopesOf(key: StoredKey): Scope[] {
  const scopes: Scope[] = [];
  if (key.rateLimitRpm || key.rateLimitTpm || key.maxConcurrency) {
    scopes.push({ name: 'key', id: key.id, rpm: key.rateLimitRpm ?? 0, tpm: key.rateLimitTpm ?? 0, conc: key.maxConcurrency ?? 0 });
  }
  const team = key.team;
  if (key.teamId && team && (team.rateLimitRpm || team.rateLimitTpm || team.maxConcurrency)) {
    scopes.push({ name: 'team', id: key.teamId, rpm: team.rateLimitRpm ?? 0, tpm: team.rateLimitTpm ?? 0, conc: team.maxConcurrency ?? 0 });
  }
  return scopes;
}

@Injectable()
export class RateLimiter {
  private readonly script: ReturnType<typeof luaScript>;
  private readonly keys: RedisKeys;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.script = luaScript(redis, 'rateLimitAdmit', RATE_LUA);
    this.keys = new RedisKeys(env.ALLTOKENS_PREFIX);
  }

  async admit(key: StoredKey, tokens: number): Promise<RateAdmission | null> {
    const scopes = scopesOf(key);
    if (!scopes.length) return null;
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    // A key's and its team's counters are checked in one script: one slot per organisation.
    const slot = `rl:${key.orgId}`;
    const keys = scopes.flatMap((scope) => [
      this.keys.inSlot(slot, scope.name, scope.id, 'r', minute),
      this.keys.inSlot(slot, scope.name, scope.id, 't', minute),
      this.keys.inSlot(slot, scope.name, scope.id, 'c'),
    ]);
    const result = (await this.script.run(keys, [...scopes.flatMap((s) => [s.rpm, s.tpm, s.conc]), tokens])) as number[];
    const reset = `${Math.ceil(((minute + 1) * 60_000 - now) / 1000)}s`;
    // Headers describe the key's own limits when it has them, else its team's.
    const shown = scopes[0]!;
    const [hit, kind] = result;
    const [r, t] = [result[2]!, result[3]!];
    const headers: Record<string, string> = {};
    if (shown.rpm) Object.assign(headers, { 'x-ratelimit-limit-requests': String(shown.rpm), 'x-ratelimit-remaining-requests': String(Math.max(0, shown.rpm - r)), 'x-ratelimit-reset-requests': reset });
    if (shown.tpm) Object.assign(headers, { 'x-ratelimit-limit-tokens': String(shown.tpm), 'x-ratelimit-remaining-tokens': String(Math.max(0, shown.tpm - t)), 'x-ratelimit-reset-tokens': reset });
    if (hit) {
      const scope = scopes[hit - 1]!;
      const what = kind === 1 ? `${scope.rpm} requests per minute` : kind === 2 ? `${scope.tpm} tokens per minute` : `${scope.conc} concurrent requests`;
      const retryAfter = kind === 3 ? '1' : reset.slice(0, -1);
      throw new ApiError(429, 'rate_limit_exceeded', `Rate limit reached: ${what} for this ${scope.name}`).withHeaders({ ...headers, 'retry-after': retryAfter });
    }
    let finished = false;
    const concurrencyKeys = scopes.map((scope, i) => (scope.conc ? keys[i * 3 + 2]! : null)).filter((k): k is string => Boolean(k));
    return {
      headers,
      finish: () => {
        if (finished) return;
        finished = true;
        for (const k of concurrencyKeys) this.redis.decr(k).catch(() => undefined);
      },
    };
  }
}
