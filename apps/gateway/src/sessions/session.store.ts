import { Inject, Injectable } from '@nestjs/common';
import { RedisKeys } from '@alltokens/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '@alltokens/platform';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { REDIS } from '../infra/tokens';

/** Who a session acts as: the admin key, a management key (by hash), or an organisation member (OIDC). */
export const sessionSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('admin') }),
  z.object({ kind: z.literal('key'), hash: z.string() }),
  z.object({ kind: z.literal('member'), userId: z.string(), orgId: z.string(), email: z.string() }),
]);
export type SessionSubject = z.infer<typeof sessionSubjectSchema>;

const sessionSchema = z.object({
  subject: sessionSubjectSchema,
  csrf: z.string(),
  via: z.enum(['key', 'oidc']),
  createdAt: z.number(),
});
export type ConsoleSession = z.infer<typeof sessionSchema>;

/**
 * Console sessions in Redis, so every gateway replica accepts them and a sign-out (a DEL) ends them
 * everywhere at once. The cookie carries a random id; Redis keeps only its SHA-256, so a copy of Redis
 * holds no usable cookie.
 */
@Injectable()
export class SessionStore {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.ttlSeconds = env.CONSOLE_SESSION_TTL_SECONDS;
  }

  get ttlMs(): number {
    return this.ttlSeconds * 1000;
  }

  async create(subject: SessionSubject, via: ConsoleSession['via']): Promise<{ id: string; session: ConsoleSession }> {
    const id = randomBytes(32).toString('base64url');
    const session: ConsoleSession = { subject, via, csrf: randomBytes(24).toString('base64url'), createdAt: Date.now() };
    await this.redis.set(this.keyOf(id), JSON.stringify(session), 'EX', this.ttlSeconds);
    return { id, session };
  }

  async get(id: string): Promise<ConsoleSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const raw = await this.redis.get(this.keyOf(id));
    if (!raw) return null;
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(this.keyOf(id));
  }

  private keyOf(id: string): string {
    return new RedisKeys(this.env.ALLTOKENS_PREFIX).key('console', 'session', createHash('sha256').update(id).digest('hex'));
  }
}
