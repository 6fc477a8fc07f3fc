import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { routingPolicySchema, type RoutingPolicy } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import { REDIS } from '../infra/tokens';
import { toRoutingPolicy } from './policies.dto';
import { PoliciesRepository } from './policies.repository';

const CACHE_TTL_MS = 5_000;

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
  private readonly cache = new Map<string, { policies: RoutingPolicy[]; at: number }>();
  private readonly channel: string;

  constructor(
    private readonly repository: PoliciesRepository,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly subscriber: ChannelSubscriber,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.channel = `${env.ALLTOKENS_PREFIX}:policies:changed`;
  }

  async onModuleInit(): Promise<void> {
    await this.subscriber.subscribe(this.channel, () => this.cache.clear());
  }

  /** Tells every replica that policies changed. */
  async changed(): Promise<void> {
    this.cache.clear();
    await this.redis.publish(this.channel, '1');
  }

  async forKey(key: StoredKey): Promise<RoutingPolicy[]> {
    const cached = this.cache.get(key.id);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) return withAllowedModels(cached.policies, key);
    const policies = (await this.repository.bindingKey(key)).map(toRoutingPolicy);
    this.cache.set(key.id, { policies, at: Date.now() });
    return withAllowedModels(policies, key);
  }
}
