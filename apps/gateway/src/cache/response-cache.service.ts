import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RedisKeys, type ChatCompletionRequest } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { REDIS } from '../infra/tokens';
import type { ReplyCapture } from '../chat/reply-writer';

const DEFAULT_TTL_S = 300;
const MAX_TTL_S = 86_400;

export interface CacheEntry {
  body?: string;
  chunks?: string[];
}

export interface CacheLookup {
  key: string;
  ttlSeconds: number;
}

/**
 * Exact-match response cache in Redis, opt-in per key (`cacheEnabled`) or per request
 * (`x-alltokens-cache: true`, TTL in `x-alltokens-cache-ttl`). Only deterministic requests
 * (temperature 0 or a seed) are cached, scoped to the organisation, and a stream is cached as its
 * chunks so it can be replayed as a stream.
 */
@Injectable()
export class ResponseCache {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  lookupFor(req: Request, key: StoredKey & { cacheEnabled?: boolean }, request: ChatCompletionRequest): CacheLookup | null {
    const header = String(req.headers['x-alltokens-cache'] ?? '').toLowerCase();
    const optedIn = header === 'true' || header === '1' || (key.cacheEnabled === true && header !== 'false');
    const deterministic = request.temperature === 0 || (request.seed !== undefined && request.seed !== null);
    if (!optedIn || !deterministic || (request.n ?? 1) > 1) return null;
    const { stream: _stream, stream_options: _options, user: _user, ...identity } = request;
    const digest = createHash('sha256').update(JSON.stringify([key.orgId, request.stream === true, identity])).digest('hex');
    const ttl = Number(req.headers['x-alltokens-cache-ttl']);
    return {
      key: new RedisKeys(this.env.ALLTOKENS_PREFIX).key('cache', digest),
      ttlSeconds: Number.isFinite(ttl) && ttl > 0 ? Math.min(Math.floor(ttl), MAX_TTL_S) : DEFAULT_TTL_S,
    };
  }

  async get(lookup: CacheLookup): Promise<CacheEntry | null> {
    const raw = await this.redis.get(lookup.key);
    return raw ? (JSON.parse(raw) as CacheEntry) : null;
  }

  async store(lookup: CacheLookup, capture: ReplyCapture): Promise<void> {
    const entry: CacheEntry = capture.body !== undefined ? { body: capture.body } : { chunks: capture.chunks };
    await this.redis.set(lookup.key, JSON.stringify(entry), 'EX', lookup.ttlSeconds);
  }

}
