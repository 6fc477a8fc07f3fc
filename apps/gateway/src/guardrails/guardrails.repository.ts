import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { GuardrailSpec } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import { PromptGuard } from '@alltokens/guardrails';
import type { Redis } from '@alltokens/platform';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import { PRISMA, REDIS } from '../infra/tokens';
import { toGuardrailSpec } from './guardrails.dto';

const CACHE_TTL_MS = 5_000;

export interface KeyGuardrails {
  specs: GuardrailSpec[];
  /** The prompt rules compiled once per cache period, not per request. */
  prompt: PromptGuard;
  /** Only the guardrails with response rules travel to the router. */
  response: GuardrailSpec[];
}

const NONE: KeyGuardrails = { specs: [], prompt: PromptGuard.compile([]), response: [] };

/**
 * The enabled guardrails that bind a key: its organisation's, its team's and its own. Cached a few
 * seconds; a change clears every replica's cache through a Redis channel.
 */
@Injectable()
export class GuardrailsRepository implements OnModuleInit {
  private readonly cache = new Map<string, { guardrails: Promise<KeyGuardrails>; at: number }>();
  private readonly channel: string;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly subscriber: ChannelSubscriber,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.channel = `${env.ALLTOKENS_PREFIX}:guardrails:changed`;
  }

  async onModuleInit(): Promise<void> {
    await this.subscriber.subscribe(this.channel, () => this.cache.clear());
  }

  async changed(): Promise<void> {
    this.cache.clear();
    await this.redis.publish(this.channel, '1');
  }

  forKey(key: StoredKey): Promise<KeyGuardrails> {
    const cached = this.cache.get(key.id);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.guardrails;
    const guardrails = this.load(key);
    this.cache.set(key.id, { guardrails, at: Date.now() });
    guardrails.catch(() => this.cache.delete(key.id));
    return guardrails;
  }

  private async load(key: StoredKey): Promise<KeyGuardrails> {
    const rows = await this.prisma.guardrail.findMany({
      where: {
        enabled: true,
        OR: [
          { scope: 'organization', scopeId: key.orgId },
          { scope: 'key', scopeId: key.id },
          ...(key.lineageId ? [{ scope: 'key' as const, scopeId: key.lineageId }] : []),
          ...(key.teamId ? [{ scope: 'team' as const, scopeId: key.teamId }] : []),
        ],
      },
      orderBy: { createdAt: 'asc' },
    });
    if (!rows.length) return NONE;
    const specs = rows.map(toGuardrailSpec);
    return { specs, prompt: PromptGuard.compile(specs), response: specs.filter((spec) => spec.response.length > 0) };
  }
}
