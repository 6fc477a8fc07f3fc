import type { Redis } from '@alltokens/platform';
import type { ChannelSubscriber } from './channel-subscriber.service';

/** How long a replica trusts its copy when an invalidation message went missing. */
const TTL_MS = 5_000;
/** Bounds the memory of a gateway serving very many keys: past it the cache starts over. */
const MAX_ENTRIES = 100_000;

/**
 * What binds each API key (its policies, its guardrails), cached in process a few seconds per key.
 * A change of any of them clears every replica's cache at once through one Redis channel; the TTL
 * bounds staleness if a message is missed. Concurrent lookups of one key share one load, and a
 * failed load is not kept.
 */
export class KeyBindingsCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; at: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: ChannelSubscriber,
    private readonly channel: string,
    private readonly ttlMs = TTL_MS,
  ) {}

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
    const cached = this.entries.get(keyId);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const entry = { value: load(), at: Date.now() };
    this.entries.set(keyId, entry);
    entry.value.catch(() => this.entries.get(keyId) === entry && this.entries.delete(keyId));
    return entry.value;
  }
}
