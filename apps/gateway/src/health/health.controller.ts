import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import type { PrismaClient } from '@alltokens/db';
import type { Redis } from '@alltokens/platform';
import { PRISMA, REDIS } from '../infra/tokens';

async function probe(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
    return 'up';
  } catch {
    return 'down';
  }
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready when both Redis and Postgres answer; a 503 takes the pod out of the load balancer. */
  @Get('ready')
  async ready() {
    const [redis, postgres] = await Promise.all([probe(() => this.redis.ping()), probe(() => this.prisma.$queryRaw`SELECT 1`)]);
    const body = { status: redis === 'up' && postgres === 'up' ? 'ok' : 'error', checks: { redis, postgres } };
    if (body.status !== 'ok') throw new HttpException(body, 503);
    return body;
  }
}
