type KeyPart = string | number;

/**
 * Every Redis key and channel AllTokens uses is built here, under the deployment's `ALLTOKENS_PREFIX`.
 * On Redis Cluster a Lua script, MULTI, MGET or pipeline may only touch keys of one hash slot, and
 * Cluster hashes only the part of a key in braces when it has one: keys that are used together are
 * built with `inSlot(group, ...)` and share the tag `{group}`; every other key spreads over the
 * cluster. (The lint refuses keys written by hand as `${prefix}:...` anywhere else.)
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** `prefix:a:b`: a key (or pub/sub channel) used on its own. */
  key(...parts: KeyPart[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** `prefix:{group}:a:b`: a key in the one slot of `group`, with every other key of that group. */
  inSlot(group: string, ...parts: KeyPart[]): string {
    return [this.prefix, `{${group}}`, ...parts].join(':');
  }

  /**
   * BullMQ's prefix for one queue, `prefix:{queue}`: BullMQ's scripts touch many keys of a queue at
   * once, so each queue lives in one slot (and different queues on different slots).
   */
  queuePrefix(queue: string): string {
    return `${this.prefix}:{${queue}}`;
  }

  /** The SCAN pattern matching every key of this deployment. */
  get pattern(): string {
    return `${this.prefix}:*`;
  }
}
