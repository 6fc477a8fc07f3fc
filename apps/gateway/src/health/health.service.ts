import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@alltokens/db';
import type { Redis } from '@alltokens/platform';
import { PRISMA, REDIS } from '../infra/tokens';

const PROBE_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS)))]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the stores every request needs answer. */
@Injectable()
export class HealthService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
  ) {}

  async readiness() {
    const [redis, postgres] = await Promise.all([probe(() => this.redis.ping()), probe(() => this.prisma.$queryRaw`SELECT 1`)]);
    return { status: redis === 'up' && postgres === 'up' ? ('ok' as const) : ('error' as const), checks: { redis, postgres } };
  }
}
