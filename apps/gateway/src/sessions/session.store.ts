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
  /** The organisation the console acts in, when switched away from the subject's own. */
  orgId: z.string().optional(),
});
export type ConsoleSession = z.infer<typeof sessionSchema>;

/** Carries the fingerprint of a session that ended or switched organisation, to every replica. */
export const sessionChangedChannel = (prefix: string) => new RedisKeys(prefix).key('console', 'session-changed');

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

  /** Acts in another organisation from now on (every replica reads the session from Redis); the expiry stays. */
  async switchOrganization(id: string, orgId: string | undefined): Promise<ConsoleSession | null> {
    const session = await this.get(id);
    if (!session) return null;
    const switched: ConsoleSession = { ...session, orgId };
    await this.redis.set(this.keyOf(id), JSON.stringify(switched), 'KEEPTTL');
    await this.announceChange(id);
    return switched;
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(this.keyOf(id));
    await this.announceChange(id);
  }

  /** Names a session without revealing its id (what Redis keys and change announcements carry). */
  fingerprint(id: string): string {
    return createHash('sha256').update(id).digest('hex');
  }

  /** Streams opened by the session (the live tail) end on every replica: they were authorised for what it was. */
  private async announceChange(id: string): Promise<void> {
    await this.redis.publish(sessionChangedChannel(this.env.ALLTOKENS_PREFIX), this.fingerprint(id));
  }

  private keyOf(id: string): string {
    return new RedisKeys(this.env.ALLTOKENS_PREFIX).key('console', 'session', this.fingerprint(id));
  }
}
