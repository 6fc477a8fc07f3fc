import type { Redis } from '@alltokens/platform';
import { RedisKeys } from '@alltokens/contracts';
import type { Catalog, EndpointOverride } from '@alltokens/catalog';

/**
 * Endpoint edits made through the management API (price, status), kept in Redis and applied by every
 * service's catalog: at boot, and again whenever the change channel says so.
 */
export class CatalogOverrides {
  readonly channel: string;
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = new RedisKeys(prefix).key('catalog', 'overrides');
    this.channel = new RedisKeys(prefix).key('catalog', 'changed');
  }

  async load(): Promise<Record<string, EndpointOverride>> {
    const raw = await this.redis.hgetall(this.key);
    return Object.fromEntries(Object.entries(raw).map(([id, json]) => [id, JSON.parse(json) as EndpointOverride]));
  }

  async apply(catalog: Catalog): Promise<void> {
    catalog.applyOverrides(await this.load());
  }

  async set(endpointId: string, override: EndpointOverride | null): Promise<void> {
    if (override) await this.redis.hset(this.key, endpointId, JSON.stringify(override));
    else await this.redis.hdel(this.key, endpointId);
    await this.redis.publish(this.channel, endpointId);
  }
}
