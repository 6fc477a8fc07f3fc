import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { RedisKeys, routingPolicySchema, type RoutingPolicy } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import { KeyBindingsCache } from '../infra/key-bindings-cache';
import { REDIS } from '../infra/tokens';
import { toRoutingPolicy } from './policies.dto';
import { PoliciesRepository } from './policies.repository';

/** A key's `allowed_models` act as one more policy, so `router` only picks among them too. */
function withAllowedModels(policies: RoutingPolicy[], key: StoredKey): RoutingPolicy[] {
  if (!key.allowedModels.length) return policies;
  const own = routingPolicySchema.parse({ id: `key:${key.id}:models`, name: 'key allowed_models', scope: 'key', allowedModels: key.allowedModels });
  return [...policies, own];
}

/**
 * The policies that bind a key: its own, its team's and its organisation's, on every inference
 * request. Cached a few seconds; a policy change clears every replica's cache through a Redis channel.
 */
@Injectable()
export class KeyPolicies implements OnModuleInit {
  private readonly cache: KeyBindingsCache<RoutingPolicy[]>;

  constructor(
    private readonly repository: PoliciesRepository,
    @Inject(REDIS) redis: Redis,
    subscriber: ChannelSubscriber,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.cache = new KeyBindingsCache(redis, subscriber, new RedisKeys(env.ALLTOKENS_PREFIX).key('policies', 'changed'));
  }

  onModuleInit(): Promise<void> {
    return this.cache.listen();
  }

  /** Tells every replica that policies changed. */
  changed(): Promise<void> {
    return this.cache.changed();
  }

  async forKey(key: StoredKey): Promise<RoutingPolicy[]> {
    const policies = await this.cache.get(key.id, async () => (await this.repository.bindingKey(key)).map(toRoutingPolicy));
    return withAllowedModels(policies, key);
  }
}
