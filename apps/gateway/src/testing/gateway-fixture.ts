import type { PrismaClient } from '@alltokens/db';
import { createTestPrisma, type TestPrisma } from '@alltokens/db/testing';
import { createRedis, type Redis } from '@alltokens/platform';
import { clearRedisPrefix, uniquePrefix } from '@alltokens/stack';
import { ApiKeyRepository, type StoredKey } from '../auth/api-key.repository';
import type { Principal } from '../auth/auth.service';
import { AuthService } from '../auth/auth.service';
import { KeyCache } from '../auth/key-cache.service';
import { gatewayEnvSchema, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from '../infra/channel-subscriber.service';
import { KeysService } from '../keys/keys.service';
import { OrganizationsRepository } from '../organizations/organizations.repository';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** One gateway replica's key handling, wired by hand on the fixture's database and Redis prefix. */
export interface KeyStack {
  subscriber: ChannelSubscriber;
  repository: ApiKeyRepository;
  cache: KeyCache;
  auth: AuthService;
  keys: KeysService;
}

/**
 * What gateway integration suites share: their own database (every migration applied), their own Redis
 * key prefix, a gateway env for both, and helpers to make keys and principals through the real services.
 */
export class GatewayFixture {
  private readonly subscribers: ChannelSubscriber[] = [];

  readonly prisma: PrismaClient;

  private constructor(
    private readonly postgres: TestPrisma,
    readonly redis: Redis,
    readonly env: GatewayEnv,
  ) {
    this.prisma = postgres.prisma;
  }

  /** `env` overrides the gateway env (REDIS_URL included: a suite may run on a local Redis Cluster). */
  static async start(name: string, env: Record<string, string> = {}): Promise<GatewayFixture> {
    const postgres = await createTestPrisma(name, { max: 4 });
    const gatewayEnv = gatewayEnvSchema.parse({ ALLTOKENS_ADMIN_KEY: 'admin-key-for-integration-tests', ALLTOKENS_PREFIX: uniquePrefix(`it-gw-${name}`), DATABASE_URL: postgres.url, REDIS_URL, ...env });
    return new GatewayFixture(postgres, createRedis(gatewayEnv.REDIS_URL), gatewayEnv);
  }

  /** A replica's subscriber connection (closed with the fixture). */
  subscriber(): ChannelSubscriber {
    const subscriber = new ChannelSubscriber(this.redis);
    this.subscribers.push(subscriber);
    return subscriber;
  }

  /** A replica's key stack, subscribed to the invalidation channel like a booted gateway. */
  async keyStack(): Promise<KeyStack> {
    const subscriber = this.subscriber();
    const repository = new ApiKeyRepository(this.prisma);
    const cache = new KeyCache(repository, subscriber, this.redis, this.env);
    await cache.onModuleInit();
    const auth = new AuthService(cache, this.env);
    const keys = new KeysService(repository, auth, cache, new OrganizationsRepository(this.prisma));
    return { subscriber, repository, cache, auth, keys };
  }

  /** A key created through the key service as the admin key, read back as the gateway stores it. */
  async createKey(stack: KeyStack, input: Partial<Parameters<KeysService['create']>[1]> & { name?: string } = {}): Promise<{ key: StoredKey; secret: string }> {
    const { stored, secret } = await stack.keys.create(ADMIN, { name: 'k', kind: 'inference', cache: false, allowed_models: [], ...input });
    return { key: (await stack.repository.findById(stored.id))!, secret };
  }

  /** A management principal for a member with `role` in `orgId` (the user and membership are created). */
  async manager(stack: KeyStack, orgId: string, role: StoredKey['role'], email = `${role}-${Math.random().toString(36).slice(2)}@example.com`): Promise<Principal & { kind: 'management' }> {
    await new OrganizationsRepository(this.prisma).ensure(orgId);
    const user = await this.prisma.user.create({ data: { email } });
    if (role) await this.prisma.membership.create({ data: { userId: user.id, orgId, role } });
    const { key } = await this.createKey(stack, { kind: 'management', org_id: orgId, user_id: role ? user.id : undefined });
    return { kind: 'management', key };
  }

  async stop(): Promise<void> {
    for (const subscriber of this.subscribers) subscriber.onApplicationShutdown();
    await clearRedisPrefix(this.env.REDIS_URL, this.env.ALLTOKENS_PREFIX);
    this.redis.disconnect();
    await this.postgres.stop();
  }
}

export const ADMIN: Principal = { kind: 'admin' };

/** Resolves once `check` holds (for what travels through Redis pub/sub), failing after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 3000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}
