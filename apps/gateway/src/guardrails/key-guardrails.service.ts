import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { RedisKeys, type GuardrailSpec } from '@alltokens/contracts';
import type { Guardrail } from '@alltokens/db';
import { PromptGuard } from '@alltokens/guardrails';
import type { Redis } from '@alltokens/platform';
import type { StoredKey } from '../auth/api-key.repository';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import { KeyBindingsCache } from '../infra/key-bindings-cache';
import { REDIS } from '../infra/tokens';
import { toGuardrailSpec } from './guardrails.dto';
import { GuardrailsRepository } from './guardrails.repository';

/** The guardrails that bind one key, ready for requests. */
export interface BoundGuardrails {
  specs: GuardrailSpec[];
  /** The prompt rules compiled once per cache period, not per request. */
  prompt: PromptGuard;
  /** Only the guardrails with response rules travel to the router. */
  response: GuardrailSpec[];
}

const NONE: BoundGuardrails = { specs: [], prompt: PromptGuard.compile([]), response: [] };

/** Compiles a key's stored guardrails (oldest first) into what each request applies. */
export function bindGuardrails(rows: Guardrail[]): BoundGuardrails {
  if (!rows.length) return NONE;
  const specs = rows.map(toGuardrailSpec);
  return { specs, prompt: PromptGuard.compile(specs), response: specs.filter((spec) => spec.response.length > 0) };
}

/**
 * The enabled guardrails that bind a key: its organisation's, its team's and its own, on every
 * inference request. Cached a few seconds; a change clears every replica's cache through a Redis channel.
 */
@Injectable()
export class KeyGuardrails implements OnModuleInit {
  private readonly cache: KeyBindingsCache<BoundGuardrails>;

  constructor(
    private readonly repository: GuardrailsRepository,
    @Inject(REDIS) redis: Redis,
    subscriber: ChannelSubscriber,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.cache = new KeyBindingsCache(redis, subscriber, new RedisKeys(env.ALLTOKENS_PREFIX).key('guardrails', 'changed'));
  }

  onModuleInit(): Promise<void> {
    return this.cache.listen();
  }

  /** Tells every replica that guardrails changed. */
  changed(): Promise<void> {
    return this.cache.changed();
  }

  forKey(key: StoredKey): Promise<BoundGuardrails> {
    return this.cache.get(key.id, async () => bindGuardrails(await this.repository.bindingKey(key)));
  }
}
