import type { Redis } from '@alltokens/platform';
import type { ChannelSubscriber } from './channel-subscriber.service';
import { LastGoodCache } from './last-good-cache';

/** How long a replica trusts its copy when an invalidation message went missing. */
const TTL_MS = 5_000;

/**
 * What binds each API key (its policies, its guardrails), cached in process a few seconds per key.
 * A change of any of them clears every replica's cache at once through one Redis channel; the TTL
 * bounds staleness if a message is missed. Concurrent lookups of one key share one load; while the
 * database is down the last loaded bindings keep applying.
 */
export class KeyBindingsCache<T> {
  private readonly entries: LastGoodCache<T>;

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: ChannelSubscriber,
    private readonly channel: string,
    ttlMs = TTL_MS,
  ) {
    this.entries = new LastGoodCache<T>(ttlMs);
  }

  /** Starts hearing other replicas' changes (once, when the owning module starts). */
  listen(): Promise<void> {
    return this.subscriber.subscribe(this.channel, () => this.entries.clear());
  }

  /** Tells every replica, this one first, that some key's bindings changed. */
  async changed(): Promise<void> {
    this.entries.clear();
    await this.redis.publish(this.channel, '1');
  }

  get(keyId: string, load: () => Promise<T>): Promise<T> {
    return this.entries.get(keyId, load);
  }
}
