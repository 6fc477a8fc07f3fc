import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { routingPolicySchema, type RoutingPolicy } from '@alltokens/contracts';
import type { Policy, PrismaClient } from '@alltokens/db';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import { PRISMA, REDIS } from '../infra/tokens';
import type { Redis } from '@alltokens/platform';

const CACHE_TTL_MS = 5_000;

export function toRoutingPolicy(row: Policy): RoutingPolicy {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    allowedProviders: row.allowedProviders,
    deniedProviders: row.deniedProviders,
    allowedModels: row.allowedModels,
    deniedModels: row.deniedModels,
    allowedRegions: row.allowedRegions,
    denyDataTraining: row.denyDataTraining,
    denyDataRetention: row.denyDataRetention,
    requireZdr: row.requireZdr,
    maxPricePerMtok: row.maxPricePerMtok?.toNumber() ?? null,
  };
}

/** A key's `allowed_models` act as one more policy, so `router` only picks among them too. */
function withAllowedModels(policies: RoutingPolicy[], key: StoredKey): RoutingPolicy[] {
  if (!key.allowedModels.length) return policies;
  const own = routingPolicySchema.parse({ id: `key:${key.id}:models`, name: 'key allowed_models', scope: 'key', allowedModels: key.allowedModels });
  return [...policies, own];
}

/**
 * The policies that bind a key: its own, its team's and its organisation's. Cached a few seconds;
 * a policy change clears every replica's cache through a Redis channel.
 */
@Injectable()
export class PolicyRepository implements OnModuleInit {
  private readonly cache = new Map<string, { policies: RoutingPolicy[]; at: number }>();
  private readonly channel: string;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly subscriber: ChannelSubscriber,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.channel = `${env.ALLTOKENS_PREFIX}:policies:changed`;
  }

  async onModuleInit(): Promise<void> {
    await this.subscriber.subscribe(this.channel, () => this.cache.clear());
  }

  async changed(): Promise<void> {
    this.cache.clear();
    await this.redis.publish(this.channel, '1');
  }

  async forKey(key: StoredKey): Promise<RoutingPolicy[]> {
    const cached = this.cache.get(key.id);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) return withAllowedModels(cached.policies, key);
    const team = await this.prisma.apiKey.findUnique({ where: { id: key.id }, select: { teamId: true } });
    const rows = await this.prisma.policy.findMany({
      where: {
        OR: [
          { scope: 'organization', scopeId: key.orgId },
          { scope: 'key', scopeId: key.id },
          ...(team?.teamId ? [{ scope: 'team' as const, scopeId: team.teamId }] : []),
        ],
      },
      orderBy: { createdAt: 'asc' },
    });
    const policies = rows.map(toRoutingPolicy);
    this.cache.set(key.id, { policies, at: Date.now() });
    return withAllowedModels(policies, key);
  }
}
