import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { keyInvalidationChannel } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import { REDIS } from '../infra/tokens';
import { ApiKeyRepository, type StoredKey } from './api-key.repository';

interface Entry {
  key: StoredKey | null;
  expiresAt: number;
}

const NEGATIVE_TTL_MS = 2_000;
/** While the database cannot be read, a known key stays trusted this much longer each time a reload fails. */
const UNREACHABLE_RETRY_MS = 2_000;
const MAX_ENTRIES = 100_000;

/**
 * Key lookups by hash, cached in process. Revocations and edits are broadcast on a Redis channel so
 * every gateway replica drops the entry at once; the TTL bounds staleness if a message is missed.
 * A key already known keeps working while the database is down (its reload fails).
 */
@Injectable()
export class KeyCache implements OnModuleInit {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<StoredKey | null>>();
  private readonly channel: string;

  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly subscriber: ChannelSubscriber,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.channel = keyInvalidationChannel(env.ALLTOKENS_PREFIX);
  }

  async onModuleInit(): Promise<void> {
    await this.subscriber.subscribe(this.channel, (hash) => this.entries.delete(hash));
  }

  async get(hash: string): Promise<StoredKey | null> {
    const entry = this.entries.get(hash);
    if (entry && entry.expiresAt > Date.now()) return entry.key;
    const pending = this.inflight.get(hash);
    if (pending) return pending;
    const lookup = this.load(hash, entry?.key ?? null).finally(() => this.inflight.delete(hash));
    this.inflight.set(hash, lookup);
    return lookup;
  }

  /** Drops the key from every replica's cache. */
  async invalidate(hash: string): Promise<void> {
    this.entries.delete(hash);
    await this.redis.publish(this.channel, hash);
  }

  private async load(hash: string, known: StoredKey | null): Promise<StoredKey | null> {
    let key: StoredKey | null;
    try {
      key = await this.repository.findByHash(hash);
    } catch (error) {
      if (!known) throw error;
      this.entries.set(hash, { key: known, expiresAt: Date.now() + UNREACHABLE_RETRY_MS });
      return known;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const ttl = key ? this.env.GATEWAY_KEY_CACHE_TTL_MS : NEGATIVE_TTL_MS;
    this.entries.set(hash, { key, expiresAt: Date.now() + ttl });
    return key;
  }
}
